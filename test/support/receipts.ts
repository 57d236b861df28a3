import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../src/db/database.ts";
import { holdLock } from "./locks.ts";

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
