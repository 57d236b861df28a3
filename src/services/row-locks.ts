import type { Tx } from "../db/transaction.ts";

// Row locks for the use cases that must see one another's outcome (principal handovers, account
// deactivation, technical user creation). Taken in id order, structures first then accounts, so that
// two transactions never wait on each other crosswise. `FOR NO KEY UPDATE`, not `FOR UPDATE`: rows
// inserted meanwhile that reference these (history, attachments) take a key-share lock on them, which
// `FOR UPDATE` would block — a deadlock between a handover and a history append.

/**
 * Locks the structures' rows until the transaction ends. Every change of a structure's principal
 * takes this lock first, then re-reads who the principal is: of two concurrent handovers, the second
 * sees the first's outcome.
 */
export async function lockStructures(tx: Tx, structureIds: readonly string[]): Promise<void> {
  if (structureIds.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "Structure" WHERE "id" = ANY(${[...structureIds]}::uuid[])
    ORDER BY "id" FOR NO KEY UPDATE`;
}

/** Locks accounts (after the structures): a successor cannot be deactivated meanwhile. */
export async function lockAccounts(tx: Tx, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "UserAccount" WHERE "id" = ANY(${[...new Set(accountIds)]}::uuid[])
    ORDER BY "id" FOR NO KEY UPDATE`;
}
