import { inTransaction } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import type { ServiceContext } from "../context.ts";
import type { SlackRequester } from "../slack-workspace/slack-identities.ts";
import { alreadyDecidedError, claimPendingRequest, recordDecision } from "./request-decision.ts";
import { loadOwnRequest, type OwnRequestRef, requesterActor } from "./requester-own-requests.ts";

/**
 * « Annuler » on the requester's Home tab: their pending request becomes "annulée par le demandeur",
 * claimed like a decision (of a cancel and a decision at the same moment, exactly one wins; the other
 * is told), with its history line, every copy of its message updated and the managers' Home tabs
 * refreshed. No e-mail: the requester did it.
 */
export async function cancelOwnRequest(
  ctx: ServiceContext,
  requester: SlackRequester,
  ref: OwnRequestRef,
): Promise<RequestDetails> {
  const actor = requesterActor(ctx, requester);
  const at = ctx.now();
  const cancelled = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadOwnRequest(tx, ctx, actor, ref);
    if (request.status !== "PENDING") throw alreadyDecidedError(ctx.messages, request);
    await claimPendingRequest(tx, ctx.messages, request, { actor, at, outcome: { status: "CANCELLED" } });
    return recordDecision(
      tx,
      ctx.messages,
      {
        request,
        actor,
        action: "REQUEST_CANCELLED",
        comment: null,
        details: { requestType: request.type },
        at,
      },
      { emailRequester: false },
    );
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: cancelled.id, type: cancelled.type }, "request cancelled by its requester");
  return cancelled;
}
