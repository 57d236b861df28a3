import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/web-api";
import type { Messages } from "../../i18n/index.ts";
import type { Actor } from "../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "./deps.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** What a sub-command runs in: the request, and a way to open a modal on the command's trigger. */
export interface CommandFrame {
  deps: ListenerDeps;
  messages: Messages;
  command: CommandArgs["command"];
  client: CommandArgs["client"];
  /** The caller's account, resolved once for the whole command. */
  actor(): Promise<Actor>;
  /** Opens `view`; the sub-command then has nothing more to say (null). */
  openModal(view: ModalView): Promise<null>;
}

/** The private answer, or null when a modal was opened instead. */
type Answer = string | null;

interface SubcommandDeclaration<Args> {
  /** The words that call it (the first is the one the help shows). */
  words: readonly [string, ...string[]];
  /** Its line in `/chorus aide`. */
  help(messages: Messages): string;
  /**
   * Reads the words typed after it (and where it was typed); null when they do not fit, and the
   * caller is answered `usage`.
   */
  parse(words: readonly string[], command: CommandFrame["command"]): Args | null;
  usage?(messages: Messages): string;
}

/**
 * A `/chorus` sub-command as its feature declares it. Who may run it: "account" needs the caller's
 * Slack identity to lead to an active Chorus Pro account (resolved after its words are read, so a
 * typo is answered first); the use case then checks the caller's rights on the structure.
 * "anyone" runs without (the help, the reactivation of a deactivated account).
 */
export type SubcommandSpec<Args> = SubcommandDeclaration<Args> &
  (
    | { who: "account"; run(frame: CommandFrame, args: Args, actor: Actor): Promise<Answer> }
    | { who: "anyone"; run(frame: CommandFrame, args: Args): Promise<Answer> }
  );

/** A declared sub-command, ready for the `/chorus` dispatcher (listeners/chorus-command.ts). */
export interface Subcommand {
  words: readonly string[];
  help(messages: Messages): string;
  answer(frame: CommandFrame, words: readonly string[]): Promise<Answer>;
}

export function subcommand<Args>(spec: SubcommandSpec<Args>): Subcommand {
  return {
    words: spec.words,
    help: spec.help,
    async answer(frame, words) {
      const args = spec.parse(words, frame.command);
      if (args === null) return (spec.usage ?? spec.help)(frame.messages);
      if (spec.who === "anyone") return spec.run(frame, args);
      return spec.run(frame, args, await frame.actor());
    },
  };
}

/** The words typed after the sub-command, joined: a structure identifier, required. */
export function requiredIdentifier(words: readonly string[]): string | null {
  return words.join("") || null;
}

/** The words typed after the sub-command, joined: a structure identifier, or null for every structure. */
export function optionalIdentifier(words: readonly string[]): { identifier: string | null } {
  return { identifier: words.join("") || null };
}

/** A sub-command that takes no words (any typed after it are ignored, as before). */
export function noWords(): Record<string, never> {
  return {};
}
