import type { PrismaClient } from "../db/database.ts";
import type { ServiceContext } from "./context.ts";

/**
 * Records that signed Slack requests were accepted, keyed by their signature, for the replay guard:
 * `record` resolves false when that signature was already recorded (by this replica or another), i.e.
 * the same signed request sent again. The signatures arriving together (a burst of clicks) are
 * inserted by one `INSERT … ON CONFLICT DO NOTHING RETURNING`: the guard in front of every ack costs
 * one round trip per burst, not one per request, and two replicas racing on a replay cannot both
 * accept it (nor two copies within one statement: only the first is returned).
 */
export function createReceiptRecorder(prisma: PrismaClient): {
  record(signature: string, receivedAt: Date): Promise<boolean>;
} {
  type Pending = { signature: string; resolve: (first: boolean) => void; reject: (error: unknown) => void };
  let batch: Pending[] = [];
  let batchAt = new Date(0);

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

  return {
    record(signature, receivedAt) {
      return new Promise((resolve, reject) => {
        if (batch.length === 0) {
          batchAt = receivedAt;
          // The requests already read by this turn of the event loop join the batch.
          setImmediate(() => {
            const items = batch;
            batch = [];
            insert(items, batchAt).catch((error: unknown) => {
              for (const item of items) item.reject(error);
            });
          });
        }
        batch.push({ signature, resolve, reject });
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
