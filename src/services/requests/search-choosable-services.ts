import { inTransaction } from "../../db/transaction.ts";
import type { ServiceRef } from "../../domain/requests.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { loadDecidableAttachmentRequest } from "./request-decision.ts";

/** Block Kit shows at most 100 options in a menu. */
const MAX_RESULTS = 100;

/**
 * The services a manager may still grant on a request, filtered by a typed query (code or label,
 * case- and accent-insensitive): the searchable selector of structures with over 100 services.
 */
export async function searchChoosableServices(
  ctx: ServiceContext,
  actor: Actor,
  input: { requestId: string; query: string },
): Promise<ServiceRef[]> {
  const folded = fold(input.query.trim());
  return inTransaction(ctx.prisma, async (tx) => {
    const { targets } = await loadDecidableAttachmentRequest(tx, ctx.messages, actor, input.requestId);
    const { activeServices, alreadyAttached } = targets;
    const attached = new Set(alreadyAttached.services.map((service) => service.id));
    return activeServices
      .filter((service) => !attached.has(service.id))
      .filter((service) => fold(`${service.code} ${service.label}`).includes(folded))
      .slice(0, MAX_RESULTS);
  });
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
