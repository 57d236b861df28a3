import type { RequestType } from "../../domain/requests.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { loadDecidableAttachmentRequest, loadDecidableRequest } from "./request-decision.ts";

/**
 * What a manager needs to open the "Valider" or "Refuser" modal of a request: the request (checked:
 * theirs to decide, still pending) and, for an attachment, the structure's services and what the
 * requester already holds. Reads only, outside a transaction: a burst of clicks does not hold a pooled
 * connection per click for a transaction; the submission checks again.
 */
/** A request ready to decide, with what its "Valider" modal offers. */
export type PreparedDecision = Awaited<ReturnType<typeof prepareDecision>>;

export async function prepareDecision(
  ctx: ServiceContext,
  actor: Actor,
  target: { type: RequestType; requestId: string },
) {
  if (target.type === "subscription") {
    const request = await loadDecidableRequest(ctx.prisma, ctx.messages, actor, {
      type: "subscription",
      requestId: target.requestId,
    });
    return { type: "subscription" as const, request };
  }
  const { request, targets } = await loadDecidableAttachmentRequest(
    ctx.prisma,
    ctx.messages,
    actor,
    target.requestId,
  );
  return { type: "attachment" as const, request, ...targets };
}
