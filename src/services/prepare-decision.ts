import type { RequestType } from "../domain/requests.ts";
import { loadAttachTargets } from "./attachment-grants.ts";
import type { ServiceContext } from "./context.ts";
import { loadDecidableRequest } from "./request-decision.ts";
import type { Actor } from "./slack-identities.ts";

/**
 * What a manager needs to open the "Valider" or "Refuser" modal of a request: the request (checked:
 * theirs to decide, still pending) and, for an attachment, the structure's services and what the
 * requester already holds. Reads only, outside a transaction: a burst of clicks does not hold a pooled
 * connection per click for a transaction; the submission checks again.
 */
export async function prepareDecision(
  ctx: ServiceContext,
  actor: Actor,
  target: { type: RequestType; requestId: string },
) {
  const db = ctx.prisma;
  if (target.type === "subscription") {
    const request = await loadDecidableRequest(db, ctx.messages, actor, {
      type: "subscription",
      requestId: target.requestId,
    });
    return { type: "subscription" as const, request };
  }
  const request = await loadDecidableRequest(db, ctx.messages, actor, {
    type: "attachment",
    requestId: target.requestId,
  });
  return {
    type: "attachment" as const,
    request,
    ...(await loadAttachTargets(db, request.structure.id, request.requester.id)),
  };
}
