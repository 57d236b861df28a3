import { inTransaction } from "../db/transaction.ts";
import { type AttachmentRequestDetails, MAX_DECISION_TEXT } from "../domain/attachment-request.ts";
import { AppError } from "../errors.ts";
import { claimPendingRequest, loadDecidableRequest, recordDecision } from "./attachment-decision.ts";
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
    await claimPendingRequest(tx, messages, request, {
      actor,
      at: now,
      outcome: { status: "REFUSED", refusalReason: reason },
    });
    return recordDecision(tx, messages, {
      requestId: request.id,
      actor,
      action: "ATTACHMENT_REFUSED",
      comment: reason,
      details: { reason },
      at: now,
    });
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "attachment request refused");
  return decided;
}
