import { inTransaction } from "../db/transaction.ts";
import { parisDay } from "../domain/dates.ts";
import { groupBy } from "../domain/group-by.ts";
import { applyRoles } from "../services/accounts/attachment-grants.ts";
import { alignmentHistory, alignSubscriptionsWithRoles } from "../services/accounts/role-subscriptions.ts";
import type { ServiceContext } from "../services/context.ts";
import { appendHistoryEntries } from "../services/history/history.ts";
import { enqueueHomeRefresh } from "../services/requests/home-refresh.ts";

/**
 * Makes effective the attachments "à venir" whose start date ("date de début de validité") has come
 * in Paris, without anyone acting: each becomes VALIDATED, its role applies to the user's other
 * attachments on the structure, the default spaces of that role open (domain/role-spaces.ts), the
 * history says so ("Début de validité du rattachement", by the system) and the managers' Home tabs
 * are refreshed. One conditional update, so replicas running it at once start each attachment once.
 * Returns how many attachments started.
 */
export async function startUpcomingAttachments(ctx: ServiceContext, now: Date): Promise<number> {
  const started = await inTransaction(ctx.prisma, async (tx) => {
    const rows = await tx.attachment.updateManyAndReturn({
      where: { status: "UPCOMING", startDate: { lte: parisDay(now) } },
      data: { status: "VALIDATED" },
      select: { userId: true, structureId: true, serviceId: true, role: true, startDate: true },
    });
    if (rows.length === 0) return rows;
    const byPair = [...groupBy(rows, (row) => `${row.userId}|${row.structureId}`).values()];
    const starts = byPair.flatMap((group) => {
      const [first] = group;
      if (!first) return [];
      const whole = group.some((row) => row.serviceId === null);
      const serviceIds = group.flatMap((row) => (row.serviceId ? [row.serviceId] : []));
      return [{ userId: first.userId, structureId: first.structureId, role: first.role, whole, serviceIds }];
    });
    await applyRoles(tx, starts);
    const aligned = await alignSubscriptionsWithRoles(
      tx,
      starts.map((start) => ({ ...start, serviceIds: start.whole ? null : start.serviceIds })),
    );
    const by = { actorId: null, actorSlackUserId: null, at: now };
    await appendHistoryEntries(tx, [
      ...starts.map((start) => ({
        structureId: start.structureId,
        action: "ATTACHMENT_STARTED" as const,
        targetUserId: start.userId,
        details: { role: start.role, wholeStructure: start.whole, serviceIds: start.serviceIds },
        createdAt: now,
      })),
      ...alignmentHistory(aligned, by),
    ]);
    await enqueueHomeRefresh(tx, [...new Set(starts.map((start) => start.structureId))]);
    return rows;
  });
  if (started.length > 0) ctx.outboxWritten();
  ctx.logger.info({ started: started.length }, "upcoming attachments started");
  return started.length;
}
