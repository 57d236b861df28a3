import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../src/db/database.ts";
import { RECEIPTS_CHANNEL } from "../../src/services/slack-workspace/slack-request-receipts.ts";
import { holdLock } from "./locks.ts";
import { eventually } from "./wait.ts";

/**
 * Holds a lock on the Slack request receipts table that makes their INSERT wait (reading them does
 * not), as a database slow to write would, until the returned function releases it.
 */
export function lockReceipts(database: Database): Promise<() => Promise<void>> {
  return holdLock(
    database.prisma,
    (tx) => tx.$executeRaw`LOCK TABLE "SlackRequestReceipt" IN SHARE ROW EXCLUSIVE MODE`,
  );
}

/** Whether `promise` is still pending after `ms`. */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([promise, sleep(ms).then(() => pending)])) === pending;
}

/**
 * Waits until `count` replicas listen to each other's receipts (their notification sessions), then a
 * moment for their first load: from then on a click is acked without waiting for its receipt's write.
 */
export async function receiptsHeardBy(database: Database, count: number): Promise<void> {
  await eventually(async () => {
    const [row] = await database.prisma.$queryRaw<{ sessions: number }[]>`
      SELECT count(*)::int AS "sessions" FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${`chorus:${RECEIPTS_CHANNEL}`}`;
    return row?.sessions === count;
  });
  await sleep(100);
}
