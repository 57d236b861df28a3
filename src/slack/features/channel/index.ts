import { channelCommand } from "./channel-command.ts";

/** The channel where a structure's requests and digest are posted, instead of its managers' DMs. */
export const subcommands = [channelCommand];
