import { inTransaction } from "../db/transaction.ts";
import { parisDay } from "../domain/dates.ts";
import { REQUEST_TYPES, type RequestType } from "../domain/requests.ts";
import { workingDaysBetween } from "../domain/working-days.ts";
import type { ServiceContext } from "../services/context.ts";
import { recordDecisions } from "../services/requests/request-decision.ts";
import { findRequestDetailsList } from "../services/requests/request-details.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Requests closed per transaction: a first run on a large backlog stays in short transactions. */
const BATCH = 500;

/** The pending requests of a kind created before `olderThan`. */
function pendingBefore(ctx: ServiceContext, type: RequestType, olderThan: Date) {
  const query = {
    where: { status: "PENDING" as const, createdAt: { lt: olderThan } },
    select: { id: true, createdAt: true },
  };
  return type === "attachment"
    ? ctx.prisma.attachmentRequest.findMany(query)
    : ctx.prisma.subscriptionRequest.findMany(query);
}

/**
 * Closes the requests left without a decision for `ttlDays` working days (REQUEST_TTL_DAYS; null:
 * never): each becomes EXPIRED with one conditional update on the pending status, so replicas
 * running it at once, or a manager deciding at that moment, close or decide it once. Each gets its
 * history line ("Expiration de la demande sans décision", by the system), the requester's e-mail and
 * DM (with « Redemander »), and every copy of its Slack message updated. Returns how many expired.
 */
export async function expireStaleRequests(
  ctx: ServiceContext,
  now: Date,
  settings: { ttlDays: number | null },
): Promise<number> {
  const { ttlDays } = settings;
  if (ttlDays === null) return 0;
  const today = parisDay(now);
  // N working days are at least N calendar days: read those, keep the ones N working days old.
  const olderThan = new Date(now.getTime() - ttlDays * DAY_MS);
  let expired = 0;
  for (const type of REQUEST_TYPES) {
    const candidates = await pendingBefore(ctx, type, olderThan);
    const due = candidates
      .filter((request) => workingDaysBetween(parisDay(request.createdAt), today) >= ttlDays)
      .map((request) => request.id);
    for (let start = 0; start < due.length; start += BATCH) {
      const ids = due.slice(start, start + BATCH);
      expired += await inTransaction(ctx.prisma, async (tx) => {
        const where = { id: { in: ids }, status: "PENDING" as const };
        const data = { status: "EXPIRED" as const, decidedAt: now };
        const select = { id: true } as const;
        const claimed =
          type === "attachment"
            ? await tx.attachmentRequest.updateManyAndReturn({
                where,
                data: { ...data, pendingKey: null },
                select,
              })
            : await tx.subscriptionRequest.updateManyAndReturn({ where, data, select });
        if (claimed.length === 0) return 0;
        const requests = await findRequestDetailsList(
          tx,
          type,
          claimed.map((row) => row.id),
        );
        await recordDecisions(
          tx,
          ctx.messages,
          requests.map((request) => ({
            request,
            actor: null,
            action: "REQUEST_EXPIRED" as const,
            comment: null,
            details: { ttlDays },
            at: now,
          })),
        );
        return claimed.length;
      });
    }
  }
  if (expired > 0) ctx.outboxWritten();
  ctx.logger.info({ expired, ttlDays }, "stale requests expired");
  return expired;
}
