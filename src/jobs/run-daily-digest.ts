import { absentManagers, presentRecipients } from "../domain/absences.ts";
import { parisDay } from "../domain/dates.ts";
import { oldestKeptFluxRejectDay } from "../domain/flux-rejects.ts";
import { dayKey } from "../domain/pending-requests.ts";
import { isWorkingDay } from "../domain/working-days.ts";
import type { OutboxPayloads } from "../notify/outbox.ts";
import { loadAbsencesOn } from "../services/absences/manager-absences.ts";
import type { ServiceContext } from "../services/context.ts";
import {
  findStructureAudiences,
  listPendingRequestsByStructure,
} from "../services/requests/list-pending-requests.ts";
import { dailyDigestMessage } from "../slack/blocks/digest-message.ts";
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
 * How many flux rejects each active structure received since its previous digest (the latest claim
 * of its key in JobRun), among the files still kept; all of them when it had no digest meanwhile.
 * Structures without new rejects are left out. One query: the claims are looked up by key range.
 */
async function countNewFluxRejects(ctx: ServiceContext, now: Date): Promise<Map<string, number>> {
  const oldestKept = dayKey(oldestKeptFluxRejectDay(now));
  const rows = await ctx.prisma.$queryRaw<{ structureId: string; count: number }[]>`
    SELECT f."structureId"::text AS "structureId", count(*)::int AS "count"
    FROM "FluxReject" r
    JOIN "FluxRejectFile" f ON f."id" = r."fileId" AND f."day" >= ${oldestKept}::date
    JOIN "Structure" s ON s."id" = f."structureId" AND s."status" = 'ACTIVE'
    LEFT JOIN (
      SELECT split_part(j."runKey", ':', 2) AS "structureId", max(j."claimedAt") AS "claimedAt"
      FROM "JobRun" j
      WHERE j."name" = ${DIGEST_JOB} AND j."runKey" >= ${oldestKept} AND j."runKey" < ${dayKey(parisDay(now))}
      GROUP BY 1
    ) d ON d."structureId" = f."structureId"::text
    WHERE d."claimedAt" IS NULL OR r."createdAt" > d."claimedAt"
    GROUP BY f."structureId"`;
  return new Map(rows.map((row) => [row.structureId, row.count]));
}

/**
 * Renders today's digest of every structure where something waits or new flux rejects arrived, and
 * no run has claimed it yet: to its channel, or else by DM to each of its managers who is not away
 * (domain/absences.ts). Five queries whatever the volume, the first four at once.
 */
export async function planDailyDigests(
  ctx: ServiceContext,
  now: Date,
  settings: DigestSettings,
): Promise<PlannedDigest[]> {
  const today = parisDay(now);
  const day = dayKey(today);
  const [done, byStructure, newFluxRejects, absences] = await Promise.all([
    ctx.prisma.jobRun.findMany({
      where: { name: DIGEST_JOB, runKey: { startsWith: `${day}:` } },
      select: { runKey: true },
    }),
    listPendingRequestsByStructure(ctx.prisma),
    countNewFluxRejects(ctx, now),
    loadAbsencesOn(ctx.prisma, today),
  ]);
  const claimed = new Set(done.map((run) => run.runKey));
  const structureIds = [...new Set([...byStructure.keys(), ...newFluxRejects.keys()])].filter(
    (structureId) => !claimed.has(`${day}:${structureId}`),
  );
  // Structures with only new flux rejects: their audience was not read with the requests.
  const otherAudiences = await findStructureAudiences(
    ctx.prisma,
    structureIds.filter((structureId) => !byStructure.has(structureId)),
  );
  const planned: PlannedDigest[] = [];
  for (const structureId of structureIds) {
    const pending = byStructure.get(structureId);
    const audience = pending?.audience ?? otherAudiences.get(structureId);
    if (!audience) continue;
    const message = dailyDigestMessage(ctx.messages, {
      structure: audience,
      requests: pending?.requests() ?? [],
      now,
      escalationDays: settings.escalationDays,
      newFluxRejects: newFluxRejects.get(structureId) ?? 0,
      absences: absentManagers(audience.managers, absences, today),
    });
    // By DM, a manager away gets none: their stand-in (a manager of the structure) has their own.
    const posts = audience.slackChannelId
      ? [{ channel: audience.slackChannelId, accountId: null, ...message }]
      : presentRecipients(audience.managers, absences, today).map((accountId) => ({
          channel: null,
          accountId,
          ...message,
        }));
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
