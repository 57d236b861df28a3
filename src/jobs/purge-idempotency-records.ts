import type { ServiceContext } from "../services/context.ts";
import { IDEMPOTENCY_RETENTION_MS } from "../services/idempotency.ts";

/**
 * Forgets the REST API's Idempotency-Keys first used more than 24 hours before `now` (a retry with
 * one of them afterwards runs as a new request), but never a key a request still holds under a live
 * lease. Every replica may run it: deleting what another already deleted does nothing. Returns how
 * many keys were deleted.
 */
export async function purgeIdempotencyRecords(ctx: ServiceContext, now: Date): Promise<number> {
  const { count } = await ctx.prisma.idempotencyRecord.deleteMany({
    where: {
      createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS) },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
  });
  ctx.logger.info({ keys: count }, "idempotency keys purged");
  return count;
}
