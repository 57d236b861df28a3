import type { ServiceContext } from "../services/context.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the outbox rows delivered more than `retentionDays` ago: once made, a delivery is only kept
 * a while for operators (what was sent, when), and its payload (addresses, message texts) not for
 * ever. Pending rows are never touched, nor the failed ones, which stay for operators to look into.
 * Idempotent, so safe on every replica at once. Returns how many rows were deleted.
 */
export async function purgeDeliveredOutbox(
  ctx: ServiceContext,
  now: Date,
  settings: { retentionDays: number },
): Promise<number> {
  const deliveredBefore = new Date(now.getTime() - settings.retentionDays * DAY_MS);
  const { count } = await ctx.prisma.outboxMessage.deleteMany({
    where: { status: "DONE", deliveredAt: { lt: deliveredBefore } },
  });
  ctx.logger.info({ deleted: count, deliveredBefore }, "delivered outbox rows purged");
  return count;
}
