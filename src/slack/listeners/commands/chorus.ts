import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/web-api";
import { AppError } from "../../../errors.ts";
import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import { loadTechnicalUser } from "../../../services/accounts/create-technical-user.ts";
import { prepareDeactivation } from "../../../services/accounts/deactivate-account.ts";
import { detachUsers, findDetachTarget } from "../../../services/accounts/detach-users.ts";
import { openAttachUser } from "../../../services/accounts/prepare-attach-user.ts";
import { reactivateAccount } from "../../../services/accounts/reactivate-account.ts";
import { loadUserSearchChoices } from "../../../services/accounts/search-users.ts";
import { prepareTransfer } from "../../../services/accounts/transfer-principal.ts";
import { exportAuthorisations } from "../../../services/exports/export-authorisations.ts";
import { exportStructureUsers } from "../../../services/exports/export-structure-users.ts";
import { listFluxRejectFiles } from "../../../services/flux-rejects/list-flux-reject-files.ts";
import { openStructureHistory } from "../../../services/history/list-history.ts";
import { findManagedStructureId, loadPendingList } from "../../../services/requests/load-pending-list.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { loadStructureCard } from "../../../services/structures/load-structure-card.ts";
import { setStructureChannel } from "../../../services/structures/set-structure-channel.ts";
import { attachUserSearchModal, EMPTY_CRITERIA } from "../../features/attach-user/attach-user-modals.ts";
import { fluxRejectsModal } from "../../features/flux-rejects/flux-rejects-modal.ts";
import { deactivateAccountModal, transferPrincipalModal } from "../../features/handover/handover-modals.ts";
import { historyModal } from "../../features/history/history-modal.ts";
import { pendingListModal } from "../../features/pending-list/pending-list-modal.ts";
import { structureCardModal } from "../../features/structure/structure-card.ts";
import {
  createTechnicalUserModal,
  technicalUserModal,
} from "../../features/technical-user/technical-user-modals.ts";
import { INITIAL_SEARCH_STATE, userSearchModal } from "../../features/user-search/user-search-modal.ts";
import { uploadExportToDm } from "../../upload-file.ts";
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
 * What a sub-command runs in: its words, the person (their account resolved once, when first asked:
 * after the sub-command has checked its words), and a way to open a modal on the command's trigger.
 */
interface CommandFrame {
  deps: ListenerDeps;
  messages: ListenerDeps["ctx"]["messages"];
  command: CommandArgs["command"];
  client: CommandArgs["client"];
  args: string[];
  actor(): Promise<Actor>;
  /** Opens `view`; the sub-command then has nothing more to say (null). */
  openModal(view: ModalView): Promise<null>;
}

/** A sub-command: returns the private answer, or null when it opened a modal instead. */
type Subcommand = (frame: CommandFrame) => Promise<string | null>;

const help: Subcommand = async ({ messages }) => messages.commands.help;

/**
 * Every sub-command by its word (French, as the managers' vocabulary is). To add one: write its
 * function here, using the frame, and give it its word.
 */
const SUBCOMMANDS = new Map<string, Subcommand>([
  ["", help],
  ["aide", help],
  ["help", help],
  ["canal", setChannel],
  ["demandes", openPendingRequests],
  ["exporter", exportStructure],
  ["detacher", detachUser],
  ["technique", openTechnicalUser],
  ["historique", openHistory],
  ["rejets", openFluxRejects],
  ["structure", openStructureCard],
  ["utilisateurs", openUserSearch],
  ["transferer", openTransfer],
  ["desactiver", openDeactivation],
  ["reactiver", reactivate],
  ["rattacher", openAttachUserSearch],
]);

/**
 * `/chorus <sous-commande> …`: acks at once, then answers privately through the response URL.
 */
export function chorusCommand(deps: ListenerDeps) {
  return async ({ ack, command, respond, client }: CommandArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const [word = "", ...args] = command.text.trim().split(/\s+/);
    const subcommand = SUBCOMMANDS.get(word.toLowerCase());
    let actor: Promise<Actor> | undefined;
    const frame: CommandFrame = {
      deps,
      messages: ctx.messages,
      command,
      client,
      args,
      actor: () => {
        actor ??= resolveSlackActor(ctx, deps.directory, {
          teamId: command.team_id,
          slackUserId: command.user_id,
        });
        return actor;
      },
      openModal: async (view) => {
        await client.views.open({ trigger_id: command.trigger_id, view });
        return null;
      },
    };
    let text: string | null;
    try {
      text = subcommand
        ? await subcommand(frame)
        : `${ctx.messages.commands.unknown(word)}\n\n${ctx.messages.commands.help}`;
    } catch (error) {
      text = explainToUser(ctx, error, command.user_id);
    }
    if (text) await respond({ response_type: "ephemeral", text });
  };
}

async function setChannel({ deps, messages, command, args, actor }: CommandFrame) {
  const identifier = args.join("");
  if (!identifier) return messages.commands.channelUsage;
  if (!CHANNEL_ID.test(command.channel_id))
    throw new AppError("invalid_input", messages.commands.channelUsage);
  const structure = await setStructureChannel(deps.ctx, await actor(), {
    identifier,
    channelId: command.channel_id,
    teamId: command.team_id,
  });
  return messages.commands.channelSet(structure.designation, structure.identifier);
}

async function openPendingRequests({ deps, messages, args, actor, openModal }: CommandFrame) {
  const identifier = args.join("");
  const manager = await actor();
  const structureId = identifier ? await findManagedStructureId(deps.ctx, manager, identifier) : null;
  const list = await loadPendingList(deps.ctx, manager, { structureId, type: null, page: 0 });
  return openModal(pendingListModal(messages, list));
}

async function exportStructure({ deps, messages, command, client, args, actor }: CommandFrame) {
  const [identifier, kindWord = "utilisateurs"] = args;
  const kind = EXPORT_KINDS.get(kindWord.toLowerCase());
  if (!identifier || !kind || args.length > 2) return messages.exports.usage;
  const exported =
    kind === "users"
      ? await exportStructureUsers(deps.ctx, await actor(), { identifier })
      : await exportAuthorisations(deps.ctx, await actor(), { identifier });
  await uploadExportToDm(client, command.user_id, exported);
  return messages.exports.sent(exported.filename);
}

async function detachUser({ deps, messages, args, actor }: CommandFrame) {
  const [identifier, loginEmail] = args;
  if (!identifier || !loginEmail || args.length > 2) return messages.detach.usage;
  const manager = await actor();
  const { structure, userId } = await findDetachTarget(deps.ctx, manager, { identifier, loginEmail });
  const { detached, skipped } = await detachUsers(deps.ctx, manager, {
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

async function openTechnicalUser({ deps, messages, args, actor, openModal }: CommandFrame) {
  const [identifier] = args;
  if (!identifier || args.length > 1) return messages.technicalUser.usage;
  const { structure, technicalUser } = await loadTechnicalUser(deps.ctx, await actor(), { identifier });
  return openModal(
    technicalUser
      ? technicalUserModal(messages, structure, technicalUser)
      : createTechnicalUserModal(messages, structure),
  );
}

async function openHistory({ deps, messages, args, actor, openModal }: CommandFrame) {
  const identifier = args.join("");
  if (!identifier) return messages.history.usage;
  const history = await openStructureHistory(deps.ctx, await actor(), { identifier });
  return openModal(historyModal(messages, history));
}

async function openFluxRejects({ deps, messages, args, actor, openModal }: CommandFrame) {
  if (args.length > 1) return messages.fluxRejects.usage;
  const list = await listFluxRejectFiles(deps.ctx, await actor(), { identifier: args[0] ?? null });
  return openModal(fluxRejectsModal(messages, list));
}

async function openStructureCard({ deps, messages, args, actor, openModal }: CommandFrame) {
  const identifier = args.join("");
  if (!identifier) return messages.structureCard.usage;
  const card = await loadStructureCard(deps.ctx, await actor(), { identifier });
  return openModal(structureCardModal(messages, card));
}

async function openUserSearch({ deps, messages, actor, openModal }: CommandFrame) {
  const structures = await loadUserSearchChoices(deps.ctx, await actor());
  return openModal(userSearchModal(messages, { state: INITIAL_SEARCH_STATE, structures, result: null }));
}

async function openTransfer({ deps, messages, args, actor, openModal }: CommandFrame) {
  const identifier = args.join("");
  if (!identifier) return messages.handover.transferUsage;
  const choice = await prepareTransfer(deps.ctx, await actor(), { identifier });
  return openModal(transferPrincipalModal(messages, choice));
}

async function openDeactivation({ deps, messages, actor, openModal }: CommandFrame) {
  const choices = await prepareDeactivation(deps.ctx, await actor());
  return openModal(deactivateAccountModal(messages, choices));
}

/** A deactivated account cannot pass resolveSlackActor: the use case identifies it itself. */
async function reactivate({ deps, messages, command }: CommandFrame) {
  await reactivateAccount(deps.ctx, deps.directory, {
    teamId: command.team_id,
    slackUserId: command.user_id,
  });
  return messages.handover.reactivated;
}

async function openAttachUserSearch({ deps, messages, args, actor, openModal }: CommandFrame) {
  const identifier = args.join("");
  if (!identifier) return messages.attachUser.usage;
  const structure = await openAttachUser(deps.ctx, await actor(), { identifier });
  return openModal(attachUserSearchModal(messages, { structure, criteria: EMPTY_CRITERIA, result: null }));
}
