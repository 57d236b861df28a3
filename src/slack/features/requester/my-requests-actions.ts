import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { cancelOwnRequest } from "../../../services/requests/cancel-own-request.ts";
import { remindManagers } from "../../../services/requests/remind-managers.ts";
import type { OwnRequestRef } from "../../../services/requests/requester-own-requests.ts";
import {
  resolveSlackRequester,
  type SlackRequester,
} from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../../blocks/kit.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { renderHome } from "../home/app-home-opened.ts";
import { ownRequestCodec } from "./my-requests-blocks.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A « Mes demandes » button: the action, then its outcome in a modal (or why it was refused), and
 * the Home tab published again as it now is.
 */
function ownRequestButton(
  deps: ListenerDeps,
  act: (ctx: ServiceContext, requester: SlackRequester, ref: OwnRequestRef) => Promise<string>,
) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const labels = ctx.messages.myRequests;
    const who = whoSent(body);
    let text: string;
    try {
      const ref = ownRequestCodec.decode(action.value);
      if (!ref) throw new AppError("forbidden", labels.notYours);
      const requester = await resolveSlackRequester(ctx, deps.directory, who);
      text = await act(ctx, requester, ref);
    } catch (error) {
      text = explainToUser(ctx, error, body.user.id);
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: noticeView({ title: labels.noticeTitle, close: labels.close }, text),
    });
    await client.views.publish({ user_id: body.user.id, view: await renderHome(deps, who) });
  };
}

/** « Annuler »: the pending request withdrawn. */
export function cancelMyRequest(deps: ListenerDeps) {
  return ownRequestButton(deps, async (ctx, requester, ref) => {
    await cancelOwnRequest(ctx, requester, ref);
    return ctx.messages.myRequests.cancelled;
  });
}

/** « Relancer »: the managers reminded under the request's message. */
export function remindMyRequest(deps: ListenerDeps) {
  return ownRequestButton(deps, async (ctx, requester, ref) => {
    await remindManagers(ctx, requester, ref);
    return ctx.messages.myRequests.reminded;
  });
}
