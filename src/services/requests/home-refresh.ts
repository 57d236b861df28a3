import type { Tx } from "../../db/transaction.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { enqueueDeliveries } from "../../notify/outbox.ts";

/** How long a Home refresh waits for more changes to the same counts. */
const HOME_REFRESH_DELAY_MS = 2000;

/**
 * Queues a re-publication of the Home tab of each manager of the structures, in the caller's transaction
 * (call it wherever pending counts change). A manager who already has a queued, not yet claimed
 * publication is skipped: it will render the counts as they are when delivered, so 500 decisions do
 * not queue 500 publications. The existing rows are locked (SKIP LOCKED) until the caller commits,
 * so the worker cannot render one before this change is visible; a row it is claiming right now is
 * skipped here and a fresh one queued.
 */
export async function enqueueHomeRefresh(tx: Tx, structureIds: readonly string[]): Promise<void> {
  const managers = await tx.attachment.findMany({
    where: {
      structureId: { in: [...structureIds] },
      status: "VALIDATED",
      role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
      user: { status: "ACTIVE" },
    },
    select: { userId: true },
    distinct: ["userId"],
  });
  if (managers.length === 0) return;
  const accountIds = managers.map((manager) => manager.userId);
  const queued = await tx.$queryRaw<{ accountId: string }[]>`
    SELECT "payload"->>'accountId' AS "accountId" FROM "OutboxMessage"
    WHERE "kind" = 'SLACK_PUBLISH_HOME' AND "status" = 'PENDING' AND "lockedUntil" IS NULL
      AND "payload"->>'accountId' IN (${Prisma.join(accountIds)})
    FOR UPDATE SKIP LOCKED`;
  const covered = new Set(queued.map((row) => row.accountId));
  const missing = accountIds.filter((accountId) => !covered.has(accountId));
  // Published a moment later, so that a burst of changes (a bulk decision) coalesces into one.
  const notBefore = new Date(Date.now() + HOME_REFRESH_DELAY_MS);
  await enqueueDeliveries(
    tx,
    missing.map((accountId) => ({ kind: "SLACK_PUBLISH_HOME", payload: { accountId }, notBefore })),
  );
}
