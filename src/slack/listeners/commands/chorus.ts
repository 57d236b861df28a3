import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import type { AccountSummary } from "../../../services/account-summary.ts";
import { loadTechnicalUser } from "../../../services/create-technical-user.ts";
import { prepareDeactivation } from "../../../services/deactivate-account.ts";
import { detachUsers, findDetachTarget } from "../../../services/detach-users.ts";
import { exportAuthorisations } from "../../../services/export-authorisations.ts";
import { exportStructureUsers } from "../../../services/export-structure-users.ts";
import { listFluxRejectFiles } from "../../../services/list-flux-reject-files.ts";
import { openStructureHistory } from "../../../services/list-history.ts";
import { findManagedStructureId, loadPendingList } from "../../../services/load-pending-list.ts";
import { loadStructureCard } from "../../../services/load-structure-card.ts";
import { openAttachUser } from "../../../services/prepare-attach-user.ts";
import { reactivateAccount } from "../../../services/reactivate-account.ts";
import { loadUserSearchChoices } from "../../../services/search-users.ts";
import { setStructureChannel } from "../../../services/set-structure-channel.ts";
import { resolveSlackActor } from "../../../services/slack-identities.ts";
import { prepareTransfer } from "../../../services/transfer-principal.ts";
import { uploadExportToDm } from "../../upload-file.ts";
import { attachUserSearchModal, EMPTY_CRITERIA } from "../../views/attach-user-modals.ts";
import { fluxRejectsModal } from "../../views/flux-rejects-modal.ts";
import { deactivateAccountModal, transferPrincipalModal } from "../../views/handover-modals.ts";
import { historyModal } from "../../views/history-modal.ts";
import { pendingListModal } from "../../views/pending-list-modal.ts";
import { structureCardModal } from "../../views/structure-card.ts";
import { createTechnicalUserModal, technicalUserModal } from "../../views/technical-user-modals.ts";
import { INITIAL_SEARCH_STATE, userSearchModal } from "../../views/user-search-modal.ts";
import type { ListenerDeps } from "../deps.ts";
import { explainToUser } from "../user-errors.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Public and private channel ids: requests are not shown in DMs or group DMs through this command. */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/** The second word of `/chorus exporter <identifiant> [utilisateurs|habilitations]`; users by default. */
const EXPORT_KINDS = new Map<string, "users" | "authorisations">([
  ["utilisateurs", "users"],
  ["users", "users"],
  ["habilitations", "authorisations"],
  ["authorisations", "authorisations"],
]);

/**
 * `/chorus <sous-commande> …`: acks at once, then answers privately through the response URL.
 * Sub-commands are French words, as the managers' vocabulary is.
 */
export function chorusCommand(deps: ListenerDeps) {
  return async ({ ack, command, respond, client }: CommandArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const [subcommand = "", ...rest] = command.text.trim().split(/\s+/);
    let text: string | null;
    try {
      text = await runSubcommand(deps, command, client, subcommand.toLowerCase(), rest);
    } catch (error) {
      text = explainToUser(ctx, error, command.user_id);
    }
    if (text) await respond({ response_type: "ephemeral", text });
  };
}

/** Runs a sub-command; returns the private answer, or null when it opened a modal instead. */
async function runSubcommand(
  deps: ListenerDeps,
  command: CommandArgs["command"],
  client: CommandArgs["client"],
  subcommand: string,
  args: string[],
): Promise<string | null> {
  const { messages } = deps.ctx;
  switch (subcommand) {
    case "":
    case "aide":
    case "help":
      return messages.commands.help;
    case "canal": {
      const identifier = args.join("");
      if (!identifier) return messages.commands.channelUsage;
      if (!CHANNEL_ID.test(command.channel_id))
        throw new AppError("invalid_input", messages.commands.channelUsage);
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const structure = await setStructureChannel(deps.ctx, actor, {
        identifier,
        channelId: command.channel_id,
        teamId: command.team_id,
      });
      return messages.commands.channelSet(structure.designation, structure.identifier);
    }
    case "demandes": {
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const identifier = args.join("");
      const structureId = identifier ? await findManagedStructureId(deps.ctx, actor, identifier) : null;
      const list = await loadPendingList(deps.ctx, actor, { structureId, type: null, page: 0 });
      await client.views.open({ trigger_id: command.trigger_id, view: pendingListModal(messages, list) });
      return null;
    }
    case "exporter": {
      const [identifier, kindWord = "utilisateurs"] = args;
      const kind = EXPORT_KINDS.get(kindWord.toLowerCase());
      if (!identifier || !kind || args.length > 2) return messages.exports.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const exported =
        kind === "users"
          ? await exportStructureUsers(deps.ctx, actor, { identifier })
          : await exportAuthorisations(deps.ctx, actor, { identifier });
      await uploadExportToDm(client, command.user_id, exported);
      return messages.exports.sent(exported.filename);
    }
    case "detacher": {
      const [identifier, loginEmail] = args;
      if (!identifier || !loginEmail || args.length > 2) return messages.detach.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const { structure, userId } = await findDetachTarget(deps.ctx, actor, { identifier, loginEmail });
      const { detached, skipped } = await detachUsers(deps.ctx, actor, {
        structureId: structure.id,
        userIds: [userId],
      });
      const name = (account: AccountSummary) =>
        `${account.firstName} ${account.lastName} (${account.loginEmail})`;
      return [
        ...detached.map((account) =>
          messages.detach.detached(name(account), `${structure.designation} (${structure.identifier})`),
        ),
        ...skipped.map(({ account, reason }) =>
          reason === "principal_manager"
            ? messages.detach.skippedPrincipal(name(account))
            : messages.detach.skippedNotAttached(name(account)),
        ),
      ].join("\n");
    }
    case "technique": {
      const [identifier] = args;
      if (!identifier || args.length > 1) return messages.technicalUser.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const { structure, technicalUser } = await loadTechnicalUser(deps.ctx, actor, { identifier });
      const view = technicalUser
        ? technicalUserModal(messages, structure, technicalUser)
        : createTechnicalUserModal(messages, structure);
      await client.views.open({ trigger_id: command.trigger_id, view });
      return null;
    }
    case "historique": {
      const identifier = args.join("");
      if (!identifier) return messages.history.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const history = await openStructureHistory(deps.ctx, actor, { identifier });
      await client.views.open({ trigger_id: command.trigger_id, view: historyModal(messages, history) });
      return null;
    }
    case "rejets": {
      if (args.length > 1) return messages.fluxRejects.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const list = await listFluxRejectFiles(deps.ctx, actor, { identifier: args[0] ?? null });
      await client.views.open({ trigger_id: command.trigger_id, view: fluxRejectsModal(messages, list) });
      return null;
    }
    case "structure": {
      const identifier = args.join("");
      if (!identifier) return messages.structureCard.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const card = await loadStructureCard(deps.ctx, actor, { identifier });
      await client.views.open({ trigger_id: command.trigger_id, view: structureCardModal(messages, card) });
      return null;
    }
    case "utilisateurs": {
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const structures = await loadUserSearchChoices(deps.ctx, actor);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: userSearchModal(messages, { state: INITIAL_SEARCH_STATE, structures, result: null }),
      });
      return null;
    }
    case "transferer": {
      const identifier = args.join("");
      if (!identifier) return messages.handover.transferUsage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const choice = await prepareTransfer(deps.ctx, actor, { identifier });
      await client.views.open({
        trigger_id: command.trigger_id,
        view: transferPrincipalModal(messages, choice),
      });
      return null;
    }
    case "desactiver": {
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const choices = await prepareDeactivation(deps.ctx, actor);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: deactivateAccountModal(messages, choices),
      });
      return null;
    }
    case "reactiver":
      // A deactivated account cannot pass resolveSlackActor: the use case identifies it itself.
      await reactivateAccount(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      return messages.handover.reactivated;
    case "rattacher": {
      const identifier = args.join("");
      if (!identifier) return messages.attachUser.usage;
      const actor = await resolveSlackActor(deps.ctx, deps.directory, {
        teamId: command.team_id,
        slackUserId: command.user_id,
      });
      const structure = await openAttachUser(deps.ctx, actor, { identifier });
      await client.views.open({
        trigger_id: command.trigger_id,
        view: attachUserSearchModal(messages, { structure, criteria: EMPTY_CRITERIA, result: null }),
      });
      return null;
    }
    default:
      return `${messages.commands.unknown(subcommand)}\n\n${messages.commands.help}`;
  }
}
