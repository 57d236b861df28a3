import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import type { Messages } from "../../i18n/index.ts";
import { type Actor, resolveSlackActor } from "../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../blocks/kit.ts";
import type { ListenerDeps } from "./deps.ts";
import { type CommandFrame, noWords, type Subcommand, subcommand } from "./subcommand.ts";
import { explainToUser } from "./user-errors.ts";
import { whoSent } from "./who.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** `/chorus aide`: each sub-command's line, in the order the features declare them. */
function helpText(messages: Messages, subcommands: readonly Subcommand[]): string {
  return [messages.commands.helpTitle, ...subcommands.map((entry) => `• ${entry.help(messages)}`)].join("\n");
}

/** Runs the words after `/chorus` in a frame: the private answer, or null when a modal was opened. */
export type ChorusDispatch = (frame: CommandFrame, text: string) => Promise<string | null>;

/** The `/chorus` sub-commands the features declare (features/index.ts) and the help, by their words. */
export function chorusDispatcher(
  deps: ListenerDeps,
  featureSubcommands: readonly Subcommand[],
): ChorusDispatch {
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
  return async (frame, text) => {
    const { ctx } = deps;
    const [word = "", ...words] = text.trim().split(/\s+/);
    const entry = byWord.get(word.toLowerCase());
    try {
      return entry
        ? await entry.answer(frame, words)
        : `${ctx.messages.commands.unknown(word)}\n\n${helpText(ctx.messages, subcommands)}`;
    } catch (error) {
      return explainToUser(ctx, error, frame.command.user_id);
    }
  };
}

/** The caller's account, resolved once per command or click. */
function lazyActor(deps: ListenerDeps, who: { teamId: string; slackUserId: string }) {
  let actor: Promise<Actor> | undefined;
  return () => {
    actor ??= resolveSlackActor(deps.ctx, deps.directory, who);
    return actor;
  };
}

/** `/chorus <sous-commande> …`: acks at once, then answers privately through the response URL. */
export function chorusCommand(deps: ListenerDeps, dispatch: ChorusDispatch) {
  return async ({ ack, command, respond, client }: CommandArgs): Promise<void> => {
    await ack();
    const frame: CommandFrame = {
      deps,
      messages: deps.ctx.messages,
      command,
      client,
      actor: lazyActor(deps, { teamId: command.team_id, slackUserId: command.user_id }),
      openModal: async (view) => {
        await client.views.open({ trigger_id: command.trigger_id, view });
        return null;
      },
    };
    const text = await dispatch(frame, command.text);
    if (text) await respond({ response_type: "ephemeral", text });
  };
}

/**
 * A button or menu option whose value is the words of a `/chorus` sub-command (the Home tab's): the
 * sub-command runs as if typed, so every one is reachable by clicks. Its modal opens on the click's
 * trigger (on top of the modal clicked from, if any); a text answer (a refusal, a usage) is shown in
 * a modal, since a Home tab has no channel for an ephemeral message.
 */
export function chorusButton(deps: ListenerDeps, dispatch: ChorusDispatch) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const text =
      action.type === "button"
        ? action.value
        : action.type === "overflow"
          ? action.selected_option.value
          : undefined;
    const who = whoSent(body);
    const show = async (view: Parameters<CommandFrame["openModal"]>[0]) => {
      if (body.view) await client.views.push({ trigger_id: body.trigger_id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
    };
    const frame: CommandFrame = {
      deps,
      messages: deps.ctx.messages,
      // What a sub-command reads of a slash command: who, where, and the trigger (no channel here).
      command: {
        token: "",
        command: "/chorus",
        text: text ?? "",
        response_url: "",
        trigger_id: body.trigger_id,
        user_id: body.user.id,
        user_name: body.user.name ?? "",
        team_id: body.team?.id ?? "",
        team_domain: body.team?.domain ?? "",
        channel_id: body.channel?.id ?? "",
        channel_name: body.channel?.name ?? "",
        api_app_id: body.api_app_id,
      },
      client,
      actor: lazyActor(deps, who),
      openModal: async (view) => {
        await show(view);
        return null;
      },
    };
    const answer = await dispatch(frame, text ?? "");
    if (answer) await show(noticeView(deps.ctx.messages.decisionOutcomeModal, answer));
  };
}
