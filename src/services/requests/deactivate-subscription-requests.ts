import type { Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import type { Messages } from "../../i18n/index.ts";
import { recordDecisions } from "./request-decision.ts";
import { findRequestDetailsList } from "./request-details.ts";

/**
 * Closes pending subscription requests that can no longer be granted, in the caller's transaction:
 * those of a user detached from a structure (`userId`), or those naming a service just deactivated
 * (`serviceId`). "Désactivée" (the guide), written by the system, not a manager's refusal. A
 * conditional update on the pending status, so a manager deciding one at the same moment keeps their
 * decision. Each gets its history line, the requester's e-mail and its Slack messages refreshed,
 * like a decision.
 */
export async function deactivateSubscriptionRequests(
  tx: Tx,
  messages: Messages,
  target: { structureId: string; at: Date } & ({ userId: string } | { serviceId: string }),
): Promise<RequestDetails[]> {
  const { structureId, at } = target;
  const whose =
    "userId" in target ? { userId: target.userId } : { items: { some: { serviceId: target.serviceId } } };
  const closed = await tx.subscriptionRequest.updateManyAndReturn({
    where: { ...whose, structureId, status: "PENDING" },
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
