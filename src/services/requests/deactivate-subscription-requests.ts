import type { Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import type { Messages } from "../../i18n/index.ts";
import { recordDecisions } from "./request-decision.ts";
import { findRequestDetailsList } from "./request-details.ts";

/**
 * Closes a detached user's pending subscription requests on a structure, in the detach's transaction:
 * "désactivée" (the guide), written by the system, not a manager's refusal. A conditional update on
 * the pending status, so a manager deciding one at the same moment keeps their decision. Each gets
 * its history line, the requester's e-mail and its Slack messages refreshed, like a decision.
 */
export async function deactivateSubscriptionRequests(
  tx: Tx,
  messages: Messages,
  target: { userId: string; structureId: string; at: Date },
): Promise<RequestDetails[]> {
  const { userId, structureId, at } = target;
  const closed = await tx.subscriptionRequest.updateManyAndReturn({
    where: { userId, structureId, status: "PENDING" },
    data: { status: "DEACTIVATED", decidedAt: at },
    select: { id: true },
  });
  if (closed.length === 0) return [];
  const requests = await findRequestDetailsList(
    tx,
    "subscription",
    closed.map((request) => request.id),
  );
  return recordDecisions(
    tx,
    messages,
    requests.map((request) => ({
      request,
      actor: null,
      action: "SUBSCRIPTION_REQUEST_DEACTIVATED" as const,
      comment: null,
      details: {
        spaces:
          request.type === "subscription" ? [...new Set(request.items.map((item) => item.space))].sort() : [],
      },
      at,
    })),
  );
}
