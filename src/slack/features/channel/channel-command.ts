import { setStructureChannel } from "../../../services/structures/set-structure-channel.ts";
import { subcommand } from "../../listeners/subcommand.ts";

/** Public and private channel ids: requests are not shown in DMs or group DMs through this command. */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/** `/chorus canal <identifiant>`, typed in a channel: the structure's new requests are posted there, not by DM. */
export const channelCommand = subcommand({
  words: ["canal"],
  help: (messages) => messages.commands.lines.canal,
  usage: (messages) => messages.commands.channelUsage,
  parse: (words, command) => (CHANNEL_ID.test(command.channel_id) ? words.join("") || null : null),
  who: "account",
  run: async ({ deps, messages, command }, identifier, manager) => {
    const structure = await setStructureChannel(deps.ctx, manager, {
      identifier,
      channelId: command.channel_id,
      teamId: command.team_id,
    });
    return messages.commands.channelSet(structure.designation, structure.identifier);
  },
});
