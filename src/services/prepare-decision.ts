import { inTransaction } from "../db/transaction.ts";
import type { RequestType } from "../domain/requests.ts";
import { loadAttachTargets } from "./attachment-grants.ts";
import type { ServiceContext } from "./context.ts";
import { loadDecidableRequest } from "./request-decision.ts";
import type { Actor } from "./slack-identities.ts";

/**
 * What a manager needs to open the "Valider" or "Refuser" modal of a request: the request (checked:
 * theirs to decide, still pending) and, for an attachment, the structure's services and what the
 * requester already holds.
 */
export async function prepareDecision(
  ctx: ServiceContext,
  actor: Actor,
  target: { type: RequestType; requestId: string },
) {
  return inTransaction(ctx.prisma, async (tx) => {
    if (target.type === "subscription") {
      const request = await loadDecidableRequest(tx, ctx.messages, actor, {
        type: "subscription",
        requestId: target.requestId,
      });
      return { type: "subscription" as const, request };
    }
    const request = await loadDecidableRequest(tx, ctx.messages, actor, {
      type: "attachment",
      requestId: target.requestId,
    });
    return {
      type: "attachment" as const,
      request,
      ...(await loadAttachTargets(tx, request.structure.id, request.requester.id)),
    };
  });
}
