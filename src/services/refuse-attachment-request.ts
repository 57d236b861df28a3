import { inTransaction } from "../db/transaction.ts";
import { type AttachmentRequestDetails, MAX_DECISION_TEXT } from "../domain/attachment-request.ts";
import { AppError } from "../errors.ts";
import { attachmentDecisionEmail } from "../notify/emails.ts";
import { enqueueDelivery } from "../notify/outbox.ts";
import { alreadyDecidedError, loadDecidableRequest } from "./attachment-decision.ts";
import { findAttachmentRequestDetails } from "./attachment-request-details.ts";
import type { ServiceContext } from "./context.ts";
import type { Actor } from "./slack-identities.ts";

/**
 * "Refuser": decides the request with the manager's reason (mandatory), records the history and
 * queues the e-mail and the Slack updates in one transaction; race-safe like the validation.
 */
export async function refuseAttachmentRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: { requestId: string; reason: string },
): Promise<AttachmentRequestDetails> {
  const { messages } = ctx;
  const reason = input.reason.trim();
  const decided = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, messages, actor, input.requestId);
    if (!reason) {
      throw new AppError("invalid_input", messages.errors.reasonRequired, [
        { field: "reason", message: messages.errors.reasonRequired },
      ]);
    }
    if (reason.length > MAX_DECISION_TEXT) {
      const message = messages.errors.textTooLong(MAX_DECISION_TEXT);
      throw new AppError("invalid_input", message, [{ field: "reason", message }]);
    }
    const now = ctx.now();
    const claimed = await tx.attachmentRequest.updateMany({
      where: { id: request.id, status: "PENDING" },
      data: {
        status: "REFUSED",
        pendingKey: null,
        refusalReason: reason,
        decidedById: actor.accountId,
        decidedBySlackUserId: actor.slackUserId,
        decidedAt: now,
      },
    });
    if (claimed.count === 0) {
      const current = await findAttachmentRequestDetails(tx, request.id);
      throw alreadyDecidedError(messages, current ?? request);
    }
    await tx.historyEntry.create({
      data: {
        structureId: request.structure.id,
        action: "ATTACHMENT_REFUSED",
        actorId: actor.accountId,
        actorSlackUserId: actor.slackUserId,
        targetUserId: request.requester.id,
        attachmentRequestId: request.id,
        comment: reason,
        details: { reason },
        createdAt: now,
      },
    });
    const details = await findAttachmentRequestDetails(tx, request.id);
    if (!details) throw new Error(`attachment request ${request.id} vanished during its refusal`);
    await enqueueDelivery(tx, "EMAIL", attachmentDecisionEmail(messages, details));
    await enqueueDelivery(tx, "SLACK_REFRESH_REQUEST", { requestType: "attachment", requestId: request.id });
    return details;
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "attachment request refused");
  return decided;
}
