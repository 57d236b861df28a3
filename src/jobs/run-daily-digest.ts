import { parisDay } from "../domain/dates.ts";
import { dayKey, groupByStructure } from "../domain/pending-requests.ts";
import { isWorkingDay } from "../domain/working-days.ts";
import type { OutboxPayloads } from "../notify/outbox.ts";
import type { ServiceContext } from "../services/context.ts";
import { findStructureAudiences, listPendingRequests } from "../services/list-pending-requests.ts";
import { dailyDigestMessage } from "../slack/views/digest-message.ts";
import { type ClaimableWork, queueClaimedPosts } from "./queue-claimed-posts.ts";

export const DIGEST_JOB = "digest";

export interface DigestSettings {
  /** Age in days from which a request is overdue (the digest's oldest group starts there). */
  escalationDays: number;
}

/** One structure's digest, rendered, and where it goes. */
export interface PlannedDigest {
  runKey: string;
  posts: OutboxPayloads["SLACK_POST_MESSAGE"][];
}

/**
 * Renders today's digest of every structure where something waits and no run has claimed it yet:
 * to its channel, or else by DM to each of its managers. Four queries whatever the volume.
 */
export async function planDailyDigests(
  ctx: ServiceContext,
  now: Date,
  settings: DigestSettings,
): Promise<PlannedDigest[]> {
  const day = dayKey(parisDay(now));
  const done = await ctx.prisma.jobRun.findMany({
    where: { name: DIGEST_JOB, runKey: { startsWith: `${day}:` } },
    select: { runKey: true },
  });
  const claimed = new Set(done.map((run) => run.runKey));
  const byStructure = groupByStructure(await listPendingRequests(ctx.prisma));
  for (const structureId of byStructure.keys()) {
    if (claimed.has(`${day}:${structureId}`)) byStructure.delete(structureId);
  }
  const audiences = await findStructureAudiences(ctx.prisma, [...byStructure.keys()]);
  const planned: PlannedDigest[] = [];
  for (const [structureId, requests] of byStructure) {
    const audience = audiences.get(structureId);
    if (!audience) continue;
    const message = dailyDigestMessage(ctx.messages, {
      structure: audience,
      requests,
      now,
      escalationDays: settings.escalationDays,
    });
    const posts = audience.slackChannelId
      ? [{ channel: audience.slackChannelId, accountId: null, ...message }]
      : audience.managers.map((manager) => ({ channel: null, accountId: manager.accountId, ...message }));
    if (posts.length > 0) planned.push({ runKey: `${day}:${structureId}`, posts });
  }
  return planned;
}

/**
 * The morning digest, on working days only: exactly one per structure and day, however many replicas
 * run it and whether or not a previous run was interrupted (claims in JobRun, see queueClaimedPosts).
 * Returns how many messages were queued.
 */
export async function runDailyDigest(
  ctx: ServiceContext,
  now: Date,
  settings: DigestSettings,
): Promise<number> {
  if (!isWorkingDay(parisDay(now))) {
    ctx.logger.info({ day: dayKey(parisDay(now)) }, "no digest on a non-working day");
    return 0;
  }
  const planned = await planDailyDigests(ctx, now, settings);
  const works: ClaimableWork[] = planned.map((digest) => ({
    runKeys: [digest.runKey],
    render: (claimed) => (claimed.has(digest.runKey) ? digest.posts : []),
  }));
  const queued = await queueClaimedPosts(ctx, DIGEST_JOB, works);
  ctx.logger.info({ structures: planned.length, messages: queued }, "daily digest queued");
  return queued;
}
