import type { PrismaClient } from "../../src/db/database.ts";
import type { Tx } from "../../src/db/transaction.ts";

/**
 * Takes a lock in a transaction of the test's own (`take`: a LOCK TABLE, a SELECT … FOR UPDATE) and
 * holds it, as a slow or stuck session would, until the returned function releases it.
 */
export async function holdLock(
  prisma: PrismaClient,
  take: (tx: Tx) => Promise<unknown>,
): Promise<() => Promise<void>> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = prisma.$transaction(async (tx) => {
    await take(tx);
    locked();
    await released;
  });
  await Promise.race([isLocked, transaction]);
  return async () => {
    release();
    await transaction;
  };
}
