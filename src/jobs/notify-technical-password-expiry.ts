import { passwordExpiryNoticeDue } from "../domain/chorus-pro-sync.ts";
import { parisDay } from "../domain/dates.ts";
import { isoDay } from "../domain/start-date.ts";
import type { ServiceContext } from "../services/context.ts";
import { activePrincipalOfStructure } from "../services/structures/manager-access.ts";
import { technicalPasswordNotice } from "../slack/blocks/technical-password-notice.ts";
import { type ClaimableWork, queueClaimedPosts } from "./queue-claimed-posts.ts";

export const PASSWORD_EXPIRY_JOB = "technical-password-expiry";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tells the principal manager of each imported structure, by DM, that its technical account's
 * password expires: 30 and 7 days before, and on the day (or after, when the job could not run then),
 * with how to reset it. Each notice is claimed in JobRun (structure, expiry day, threshold): once,
 * whatever the runs and replicas; a new expiry date (the password reset) starts afresh. Returns how
 * many notices were queued.
 */
export async function notifyTechnicalPasswordExpiry(ctx: ServiceContext, now: Date): Promise<number> {
  const today = parisDay(now);
  const connections = await ctx.prisma.chorusProConnection.findMany({
    where: {
      passwordExpiresAt: { not: null, lt: new Date(today.getTime() + 31 * DAY_MS) },
      structure: { status: "ACTIVE" },
    },
    select: {
      structureId: true,
      technicalLogin: true,
      passwordExpiresAt: true,
      structure: {
        select: {
          identifier: true,
          designation: true,
          attachments: activePrincipalOfStructure,
        },
      },
    },
  });
  const works: ClaimableWork[] = connections.flatMap(
    ({ structureId, technicalLogin, passwordExpiresAt, structure }) => {
      const principal = structure.attachments[0];
      if (!passwordExpiresAt || !principal) return [];
      const expiryDay = parisDay(passwordExpiresAt);
      const daysLeft = Math.round((expiryDay.getTime() - today.getTime()) / DAY_MS);
      const threshold = passwordExpiryNoticeDue(daysLeft);
      if (threshold === null) return [];
      const runKey = `${structureId}:${isoDay(expiryDay)}:${threshold}`;
      const message = technicalPasswordNotice(ctx.messages, {
        structure,
        login: technicalLogin,
        expiryDay,
        daysLeft,
      });
      return [
        {
          runKeys: [runKey],
          render: (claimed) =>
            claimed.has(runKey) ? [{ channel: null, accountId: principal.userId, ...message }] : [],
        },
      ];
    },
  );
  const queued = await queueClaimedPosts(ctx, PASSWORD_EXPIRY_JOB, works);
  ctx.logger.info({ notices: queued }, "technical password expiry notices queued");
  return queued;
}
