import type { ServiceContext } from "./context.ts";

/**
 * Records that a signed Slack request was accepted, keyed by its signature. Returns false when that
 * signature was already recorded (by this replica or another): the same signed request sent again.
 * One `INSERT … ON CONFLICT DO NOTHING`, so two replicas racing on one replay cannot both accept it.
 */
export async function recordSlackRequestReceipt(
  ctx: Pick<ServiceContext, "prisma">,
  signature: string,
  receivedAt: Date,
): Promise<boolean> {
  const { count } = await ctx.prisma.slackRequestReceipt.createMany({
    data: [{ signature, receivedAt }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Forgets the receipts received before `before`: their timestamps are past Slack's 5-minute window. */
export async function purgeSlackRequestReceipts(
  ctx: Pick<ServiceContext, "prisma">,
  before: Date,
): Promise<number> {
  const { count } = await ctx.prisma.slackRequestReceipt.deleteMany({
    where: { receivedAt: { lt: before } },
  });
  return count;
}
