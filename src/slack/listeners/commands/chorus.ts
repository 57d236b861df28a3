import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { streamToBuffer } from "../../../export/excel-csv.ts";
import { exportAuthorisations } from "../../../services/export-authorisations.ts";
import { exportStructureUsers } from "../../../services/export-structure-users.ts";
import { findManagedStructureId, loadPendingList } from "../../../services/load-pending-list.ts";
import { setStructureChannel } from "../../../services/set-structure-channel.ts";
import { resolveSlackActor } from "../../../services/slack-identities.ts";
import { uploadFileToDm } from "../../upload-file.ts";
import { pendingListModal } from "../../views/pending-list-modal.ts";
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
      // Slack needs the byte length before the upload: the stream is collected for this one file.
      const bytes = await streamToBuffer(exported.stream);
      await uploadFileToDm(client, {
        slackUserId: command.user_id,
        filename: exported.filename,
        title: exported.title,
        bytes,
      });
      return messages.exports.sent(exported.filename);
    }
    default:
      return `${messages.commands.unknown(subcommand)}\n\n${messages.commands.help}`;
  }
}
