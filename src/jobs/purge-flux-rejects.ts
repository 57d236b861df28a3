import { inTransaction } from "../db/transaction.ts";
import { parisDay } from "../domain/dates.ts";
import { oldestKeptFluxRejectDay } from "../domain/flux-rejects.ts";
import { dayKey } from "../domain/pending-requests.ts";
import type { ServiceContext } from "../services/context.ts";
import { claimJobRuns } from "./queue-claimed-posts.ts";

export const FLUX_REJECT_PURGE_JOB = "flux-reject-purge";

/**
 * The daily purge of the flux-reject files past their 15 days, with their rejects (the foreign key
 * cascades). One run per Paris day across the replicas: the day's claim in JobRun and the deletion
 * commit together, so a failed run leaves the day unclaimed for the next tick. Returns how many files
 * were deleted, or null when this day's purge was already done.
 */
export async function purgeFluxRejects(ctx: ServiceContext, now: Date): Promise<number | null> {
  const runKey = dayKey(parisDay(now));
  const purged = await inTransaction(ctx.prisma, async (tx) => {
    const claimed = await claimJobRuns(tx, FLUX_REJECT_PURGE_JOB, [runKey]);
    if (!claimed.has(runKey)) return null;
    const { count } = await tx.fluxRejectFile.deleteMany({
      where: { day: { lt: oldestKeptFluxRejectDay(now) } },
    });
    return count;
  });
  if (purged === null) ctx.logger.info({ day: runKey }, "flux reject purge already done today");
  else ctx.logger.info({ day: runKey, files: purged }, "flux reject files purged");
  return purged;
}
