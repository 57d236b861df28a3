import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Messages } from "../../i18n/index.ts";
import { type Actor, resolveSlackActor } from "../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "./deps.ts";
import { type CommandFrame, noWords, type Subcommand, subcommand } from "./subcommand.ts";
import { explainToUser } from "./user-errors.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/chorus aide`: each sub-command's line, in the order the features declare them. */
function helpText(messages: Messages, subcommands: readonly Subcommand[]): string {
  return [messages.commands.helpTitle, ...subcommands.map((entry) => `• ${entry.help(messages)}`)].join("\n");
}

/**
 * `/chorus <sous-commande> …`, with the sub-commands the features declare (features/index.ts):
 * acks at once, then answers privately through the response URL.
 */
export function chorusCommand(deps: ListenerDeps, featureSubcommands: readonly Subcommand[]) {
  const help: Subcommand = subcommand({
    words: ["aide", "help", ""],
    help: (messages) => messages.commands.lines.aide,
    parse: noWords,
    who: "anyone",
    run: async ({ messages }): Promise<string> => helpText(messages, subcommands),
  });
  const subcommands: readonly Subcommand[] = [...featureSubcommands, help];
  const byWord = new Map<string, Subcommand>();
  for (const entry of subcommands) {
    for (const word of entry.words) {
      if (byWord.has(word)) throw new Error(`two /chorus sub-commands for "${word}"`);
      byWord.set(word, entry);
    }
  }

  return async ({ ack, command, respond, client }: CommandArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const [word = "", ...words] = command.text.trim().split(/\s+/);
    const entry = byWord.get(word.toLowerCase());
    let actor: Promise<Actor> | undefined;
    const frame: CommandFrame = {
      deps,
      messages: ctx.messages,
      command,
      client,
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
      text = entry
        ? await entry.answer(frame, words)
        : `${ctx.messages.commands.unknown(word)}\n\n${helpText(ctx.messages, subcommands)}`;
    } catch (error) {
      text = explainToUser(ctx, error, command.user_id);
    }
    if (text) await respond({ response_type: "ephemeral", text });
  };
}
