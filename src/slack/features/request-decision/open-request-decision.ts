import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { RequestType } from "../../../domain/requests.ts";
import { AppError, isAppError } from "../../../errors.ts";
import { prepareDecision } from "../../../services/requests/prepare-decision.ts";
import { findRequestDetails } from "../../../services/requests/request-details.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { requestMessage } from "../../blocks/request-message.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { decodeModalMetadata, noticeModal, refuseRequestModal, validationModal } from "./request-modals.ts";

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
          : validationModal(ctx.messages, prepared);
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

/**
 * "Refuser la demande" inside a validation modal: the same checks as the message's "Refuser", then
 * the modal becomes the refusal one (reason required), keeping where it was opened from; a request
 * decided meanwhile, or a right lost, replaces it with the reason.
 */
export function switchToRefusal(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const view = body.view;
    if (!view) return;
    const target = decodeModalMetadata(view.private_metadata);
    let next: ReturnType<typeof refuseRequestModal>;
    try {
      if (!target) throw new AppError("not_found", ctx.messages.errors.requestMissing);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const prepared = await prepareDecision(ctx, actor, { type: target.type, requestId: target.requestId });
      next = refuseRequestModal(ctx.messages, prepared.request, target.parent);
    } catch (error) {
      next = noticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  };
}
