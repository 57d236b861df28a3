import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { RequestType } from "../../../domain/requests.ts";
import { isAppError } from "../../../errors.ts";
import { prepareDecision } from "../../../services/requests/prepare-decision.ts";
import { findRequestDetails } from "../../../services/requests/request-details.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { requestMessage } from "../../blocks/request-message.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { refuseRequestModal, validateAttachmentModal, validateSubscriptionModal } from "./request-modals.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Valider" / "Refuser" on a request message of either kind: checks (on the server) that the clicker
 * manages the structure and that the request is still pending, then opens the matching modal. A click
 * on a decided request gets "déjà traitée par … le …" and brings that stale copy up to date.
 */
export function openRequestDecision(deps: ListenerDeps, type: RequestType, decision: "validate" | "refuse") {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const requestId = action.value ?? "";
    const channelId = body.container?.channel_id ?? body.channel?.id;
    try {
      const who = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      const prepared = await prepareDecision(ctx, actor, { type, requestId });
      const view =
        decision === "refuse"
          ? refuseRequestModal(ctx.messages, prepared.request)
          : prepared.type === "attachment"
            ? validateAttachmentModal(ctx.messages, prepared)
            : validateSubscriptionModal(ctx.messages, prepared.request);
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      await reportToUser(ctx, client, { channelId, userId: body.user.id }, error);
      const messageTs = body.container?.message_ts;
      if (isAppError(error) && error.code === "already_decided" && channelId && messageTs) {
        const request = await findRequestDetails(ctx.prisma, type, requestId);
        if (request) {
          await client.chat.update({
            channel: channelId,
            ts: messageTs,
            ...requestMessage(ctx.messages, request),
          });
        }
      }
    }
  };
}
