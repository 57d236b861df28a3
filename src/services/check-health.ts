import type { PrismaClient } from "../db/database.ts";
import type { OutboxStats } from "../metrics.ts";
import type { ServiceContext } from "./context.ts";

/** How far behind the outbox is: waiting and failed deliveries, and the oldest waiting one's age. */
export async function readOutboxStats(prisma: PrismaClient, now: Date): Promise<OutboxStats> {
  const [row] = await prisma.$queryRaw<{ pending: number; failed: number; oldest: Date | null }[]>`
    SELECT count(*) FILTER (WHERE "status" = 'PENDING')::int AS "pending",
           count(*) FILTER (WHERE "status" = 'FAILED')::int AS "failed",
           min("createdAt") FILTER (WHERE "status" = 'PENDING') AS "oldest"
    FROM "OutboxMessage"`;
  return {
    pending: row?.pending ?? 0,
    failed: row?.failed ?? 0,
    oldestAgeSeconds: row?.oldest
      ? Math.max(0, Math.round((now.getTime() - row.oldest.getTime()) / 1000))
      : 0,
  };
}

/**
 * Liveness of what the app depends on: the database answers, how far behind the outbox is, and the
 * state of the Chorus Pro connection (off, ok, or unreachable since when: the app keeps working on
 * its own data meanwhile, so it does not make the app unhealthy).
 */
export async function checkHealth(ctx: ServiceContext) {
  const outbox = await readOutboxStats(ctx.prisma, ctx.now());
  const chorusPro = ctx.chorusPro?.api.connectionState() ?? { state: "off" as const };
  return { status: "ok" as const, database: "ok" as const, outbox, chorusPro };
}
