import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isAppError } from "../../../errors.ts";
import { prepareAttachmentDecision } from "../../../services/attachment-decision.ts";
import { findAttachmentRequestDetails } from "../../../services/attachment-request-details.ts";
import { resolveSlackActor } from "../../../services/slack-identities.ts";
import { attachmentRequestMessage } from "../../views/attachment-request-message.ts";
import { refuseAttachmentModal, validateAttachmentModal } from "../../views/attachment-request-modals.ts";
import type { ListenerDeps } from "../deps.ts";
import { reportToUser } from "../user-errors.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Valider" / "Refuser" on a request message: checks (on the server) that the clicker manages the
 * structure and that the request is still pending, then opens the matching modal. A click on a
 * decided request gets "déjà traitée par … le …" and brings that stale copy up to date.
 */
export function openAttachmentDecision(deps: ListenerDeps, decision: "validate" | "refuse") {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const requestId = action.value ?? "";
    const channelId = body.container?.channel_id ?? body.channel?.id;
    try {
      const who = { teamId: body.team?.id ?? body.user.team_id ?? "", slackUserId: body.user.id };
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      const prepared = await prepareAttachmentDecision(ctx, actor, requestId);
      const view =
        decision === "validate"
          ? validateAttachmentModal(ctx.messages, prepared)
          : refuseAttachmentModal(ctx.messages, prepared.request);
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      await reportToUser(ctx, client, { channelId, userId: body.user.id }, error);
      const messageTs = body.container?.message_ts;
      if (isAppError(error) && error.code === "already_decided" && channelId && messageTs) {
        const request = await findAttachmentRequestDetails(ctx.prisma, requestId);
        if (request) {
          await client.chat.update({
            channel: channelId,
            ts: messageTs,
            ...attachmentRequestMessage(ctx.messages, request),
          });
        }
      }
    }
  };
}
