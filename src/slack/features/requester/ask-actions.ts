import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockSuggestion,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import {
  askForSpaces,
  askToJoin,
  loadJoinableStructure,
  loadJoinForm,
  loadSubscriptionForm,
  searchJoinableStructures,
} from "../../../services/requests/ask-from-slack.ts";
import { resolveSlackRequester } from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../../blocks/kit.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { optionalIdentifier, requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  askFieldBlocks,
  askFormCodec,
  joinModal,
  readJoinForm,
  readSubscribeForm,
  structureOption,
  subscribeModal,
} from "./ask-modals.ts";

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;
type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * `/chorus rejoindre [identifiant]`: anyone in the workspace, with or without a Chorus Pro account
 * (their names are then asked), asks to join a structure.
 */
export const joinCommand = subcommand({
  words: ["rejoindre"],
  help: (messages) => messages.commands.lines.rejoindre,
  usage: (messages) => messages.askFromSlack.joinUsage,
  parse: optionalIdentifier,
  who: "anyone",
  run: async ({ deps, command, openModal }, { identifier }) => {
    const who = { teamId: command.team_id, slackUserId: command.user_id };
    const requester = await resolveSlackRequester(deps.ctx, deps.directory, who);
    return openModal(joinModal(deps.ctx.messages, await loadJoinForm(deps.ctx, requester, identifier)));
  },
});

/** `/chorus abonner <identifiant>`: a user attached to the structure asks for spaces. */
export const subscribeCommand = subcommand({
  words: ["abonner"],
  help: (messages) => messages.commands.lines.abonner,
  usage: (messages) => messages.askFromSlack.subscribeUsage,
  parse: requiredIdentifier,
  who: "anyone",
  run: async ({ deps, command, openModal }, identifier) => {
    const who = { teamId: command.team_id, slackUserId: command.user_id };
    const requester = await resolveSlackRequester(deps.ctx, deps.directory, who);
    const form = await loadSubscriptionForm(deps.ctx, requester, identifier);
    return openModal(subscribeModal(deps.ctx.messages, form));
  },
});

/** The structure search of the join form: active structures by identifier or designation. */
export function structureOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const suggestion = body as BlockSuggestion;
    const found = await searchJoinableStructures(deps.ctx, suggestion.value);
    await ack({ options: found.map(structureOption) });
  };
}

/** A structure picked in the join form: the form again, with its services. */
export function structurePicked(deps: ListenerDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const view = body.view;
    const action = body.actions[0];
    const picked = action?.type === "external_select" ? action.selected_option?.value : undefined;
    if (!view || !picked) return;
    const { ctx } = deps;
    let next: ReturnType<typeof joinModal>;
    try {
      const requester = await resolveSlackRequester(ctx, deps.directory, whoSent(body));
      next = joinModal(ctx.messages, await loadJoinForm(ctx, requester, picked));
    } catch (error) {
      const labels = ctx.messages.askFromSlack;
      next = noticeView(
        { title: labels.joinTitle, close: labels.close },
        explainToUser(ctx, error, body.user.id),
      );
    }
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  };
}

/** The join form, submitted: the request filed before the ack, so bad input comes back as field errors. */
export function submitJoin(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.askFromSlack;
    try {
      const form = askFormCodec.decode(view.private_metadata);
      const input = readJoinForm(view.state.values, form?.identifier ?? null);
      if (!input.structureIdentifier) {
        throw new AppError("invalid_input", labels.structureRequired, [
          { field: "structureIdentifier", message: labels.structureRequired },
        ]);
      }
      const requester = await resolveSlackRequester(ctx, deps.directory, whoSent(body));
      const done = await askToJoin(ctx, requester, input);
      const named = `${done.structure.designation} (${done.structure.identifier})`;
      const text = [
        labels.sent(named),
        ...(done.accountCreated ? [labels.sentNewAccount(requester.email)] : []),
      ];
      await ack({
        response_action: "update",
        view: noticeView({ title: labels.joinTitle, close: labels.close }, text.join("\n\n")),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, askFieldBlocks));
    }
  };
}

/** The subscription form, submitted. */
export function submitSubscribe(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.askFromSlack;
    try {
      const form = askFormCodec.decode(view.private_metadata);
      if (!form?.identifier) throw new AppError("not_found", labels.structureRequired);
      const requester = await resolveSlackRequester(ctx, deps.directory, whoSent(body));
      const structure = await loadJoinableStructure(ctx, form.identifier);
      await askForSpaces(ctx, requester, {
        structureIdentifier: form.identifier,
        ...readSubscribeForm(view.state.values),
      });
      await ack({
        response_action: "update",
        view: noticeView(
          { title: labels.subscribeTitle, close: labels.close },
          labels.subscriptionSent(`${structure.designation} (${structure.identifier})`),
        ),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, askFieldBlocks));
    }
  };
}
