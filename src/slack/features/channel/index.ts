import { channelCommand } from "./channel-command.ts";

/** The channel where a structure's requests are posted, beside the managers' DMs. */
export const subcommands = [channelCommand];
