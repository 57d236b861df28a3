import { inTransaction } from "../db/transaction.ts";
import type { QueuedDelivery } from "../notify/outbox.ts";
import { type SyncOutcome, type SyncReport, syncStructure } from "../services/chorus-pro/sync-structure.ts";
import type { ServiceContext } from "../services/context.ts";
import { chorusProSyncMessage } from "../slack/blocks/chorus-pro-sync-message.ts";
import { claimJobRuns } from "./queue-claimed-posts.ts";

export const CHORUS_PRO_SYNC_JOB = "chorus-pro-sync";

/** A structure synced less than this long ago is left alone: one sync a day, the hourly ticks catch up. */
const FRESH_MS = 20 * 60 * 60 * 1000;

/** The announcement of a sync: to the structure's channel, or by DM to its principal manager. */
function announceTo(ctx: ServiceContext) {
  return (report: SyncReport): QueuedDelivery[] => {
    const message = chorusProSyncMessage(ctx.messages, report);
    const { slackChannelId } = report.structure;
    if (!slackChannelId && !report.principalId) return [];
    return [
      {
        kind: "SLACK_POST_MESSAGE",
        payload: slackChannelId
          ? { channel: slackChannelId, accountId: null, ...message }
          : { channel: null, accountId: report.principalId, ...message },
      },
    ];
  };
}

/**
 * Refreshes every structure imported from Chorus Pro that is due: never synced, synced more than 20
 * hours ago, or whose last sync failed (so an unreachable Chorus Pro is tried again at the next
 * tick). Each structure is claimed for the hour in JobRun first: however many replicas run the
 * job, one syncs it. Returns how each structure ended.
 */
export async function syncChorusPro(ctx: ServiceContext, now: Date): Promise<Record<SyncOutcome, number>> {
  const counts: Record<SyncOutcome, number> = { updated: 0, unchanged: 0, failed: 0 };
  if (!ctx.chorusPro) return counts;
  const due = await ctx.prisma.chorusProConnection.findMany({
    where: {
      structure: { status: "ACTIVE" },
      OR: [
        { lastSyncedAt: null },
        { lastSyncedAt: { lt: new Date(now.getTime() - FRESH_MS) } },
        { lastSyncError: { not: null } },
      ],
    },
    select: { structureId: true },
    orderBy: { structureId: "asc" },
  });
  const hour = now.toISOString().slice(0, 13);
  const announce = announceTo(ctx);
  for (const { structureId } of due) {
    const runKey = `${hour}:${structureId}`;
    const claimed = await inTransaction(ctx.prisma, (tx) => claimJobRuns(tx, CHORUS_PRO_SYNC_JOB, [runKey]));
    if (!claimed.has(runKey)) continue;
    counts[await syncStructure(ctx, structureId, announce, now)] += 1;
  }
  ctx.logger.info({ structures: due.length, ...counts }, "Chorus Pro sync done");
  return counts;
}
