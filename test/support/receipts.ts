import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../../src/db/database.ts";

/**
 * Holds a lock on the Slack request receipts table that makes their INSERT wait (reading them does
 * not), as a database slow to write would, until the returned function releases it.
 */
export async function lockReceipts(database: Database): Promise<() => Promise<void>> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = database.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "SlackRequestReceipt" IN SHARE ROW EXCLUSIVE MODE`;
    locked();
    await released;
  });
  await Promise.race([isLocked, transaction]);
  return async () => {
    release();
    await transaction;
  };
}

/** Whether `promise` is still pending after `ms`. */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([promise, sleep(ms).then(() => pending)])) === pending;
}
