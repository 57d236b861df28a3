import type { PrismaClient } from "../db/database.ts";
import type { ServiceContext } from "./context.ts";

/**
 * Records that signed Slack requests were accepted, keyed by their signature, for the replay guard:
 * `record` resolves false when that signature was already recorded (by this replica or another), i.e.
 * the same signed request sent again. One `INSERT … ON CONFLICT DO NOTHING RETURNING` at a time: the
 * signatures that arrive while it runs (a burst of clicks) all go into the next one, so that a burst
 * costs a few statements, not one per request, on a database that serves one at a time. Two replicas
 * racing on a replay cannot both accept it (nor two copies within one statement: only the first is
 * returned).
 */
export function createReceiptRecorder(prisma: PrismaClient): {
  record(signature: string, receivedAt: Date): Promise<boolean>;
} {
  type Pending = { signature: string; resolve: (first: boolean) => void; reject: (error: unknown) => void };
  let waiting: Pending[] = [];
  let waitingSince = new Date(0);
  let inFlight = false;

  async function insert(items: Pending[], receivedAt: Date): Promise<void> {
    const signatures = items.map((item) => item.signature);
    const inserted = await prisma.$queryRaw<{ signature: string }[]>`
      INSERT INTO "SlackRequestReceipt" ("signature", "receivedAt")
      SELECT "signature", ${receivedAt} FROM unnest(${signatures}::text[]) AS "signature"
      ON CONFLICT DO NOTHING
      RETURNING "signature"`;
    const firsts = new Set(inserted.map((row) => row.signature));
    for (const item of items) item.resolve(firsts.delete(item.signature));
  }

  function flush(): void {
    if (inFlight || waiting.length === 0) return;
    const items = waiting;
    waiting = [];
    inFlight = true;
    insert(items, waitingSince)
      .catch((error: unknown) => {
        for (const item of items) item.reject(error);
      })
      .finally(() => {
        inFlight = false;
        flush();
      });
  }

  return {
    record(signature, receivedAt) {
      return new Promise((resolve, reject) => {
        if (waiting.length === 0) {
          waitingSince = receivedAt;
          // The requests already read by this turn of the event loop join the statement.
          if (!inFlight) setImmediate(flush);
        }
        waiting.push({ signature, resolve, reject });
      });
    },
  };
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
