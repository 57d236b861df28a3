import { inTransaction } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import { MAX_DECISION_TEXT, type RequestDetails } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  claimPendingRequest,
  type DecisionOptions,
  decisionCommitted,
  loadDecidableRequest,
  recordDecision,
} from "./request-decision.ts";

export interface ValidateSubscriptionRequestInput {
  requestId: string;
  /**
   * Items (ids) the manager left in "Modification"; the others asked in modification are lowered to
   * "Consultation". Null keeps every item's access as asked (bulk validation).
   */
  modificationItemIds: string[] | null;
  comment: string | null;
}

/**
 * "Valider" a subscription request: each space asked for is granted, in modification as asked unless
 * the manager lowered it to consultation (never raised), the subscriptions are created or updated,
 * and the decision is recorded like every decision, in one transaction.
 */
export async function validateSubscriptionRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: ValidateSubscriptionRequestInput,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const { messages } = ctx;
  const decided = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, messages, actor, {
      type: "subscription",
      requestId: input.requestId,
    });
    if (input.comment && input.comment.length > MAX_DECISION_TEXT) {
      const message = messages.errors.textTooLong(MAX_DECISION_TEXT);
      throw new AppError("invalid_input", message, [{ field: "comment", message }]);
    }
    const itemIds = new Set(request.items.map((item) => item.id));
    if (input.modificationItemIds?.some((id) => !itemIds.has(id))) {
      const message = messages.errors.spaceNotRequested;
      throw new AppError("invalid_input", message, [{ field: "modification", message }]);
    }
    const now = ctx.now();
    await claimPendingRequest(tx, messages, request, {
      actor,
      at: now,
      outcome: { status: "VALIDATED", decisionComment: input.comment },
    });
    const kept = input.modificationItemIds ? new Set(input.modificationItemIds) : null;
    const userId = request.requester.id;
    const structureId = request.structure.id;
    for (const item of request.items) {
      const access =
        item.requestedAccess === "MODIFICATION" && kept && !kept.has(item.id)
          ? "CONSULTATION"
          : item.requestedAccess;
      const serviceId = item.service?.id ?? null;
      await tx.subscriptionRequestItem.update({ where: { id: item.id }, data: { grantedAccess: access } });
      await tx.subscription.upsert({
        where: {
          userId_structureId_scopeKey_space: {
            userId,
            structureId,
            scopeKey: scopeKeyOf(serviceId),
            space: item.space,
          },
        },
        create: {
          userId,
          structureId,
          serviceId,
          scopeKey: scopeKeyOf(serviceId),
          space: item.space,
          access,
        },
        update: { access, status: "ACTIVE" },
      });
    }
    return recordDecision(
      tx,
      messages,
      {
        request,
        actor,
        action: "SUBSCRIPTION_VALIDATED",
        comment: input.comment,
        details: {
          spaces: request.items.map((item) => ({
            space: item.space,
            serviceCode: item.service?.code ?? null,
          })),
        },
        at: now,
      },
      options,
    );
  });
  decisionCommitted(ctx, decided, options);
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "subscription request validated");
  return decided;
}
