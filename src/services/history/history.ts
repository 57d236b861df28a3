import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/transaction.ts";
import { chainHash, nextLink } from "../../domain/history-chain.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/** A line to add to a structure's history ("Accès à l'historique"); its place in the chain is computed. */
export type NewHistoryEntry = Omit<
  Prisma.HistoryEntryUncheckedCreateInput,
  "id" | "sequence" | "previousHash" | "hash"
>;

/**
 * Namespace of the advisory locks that serialise appends per structure (the second key is the
 * structure's id hashed by PostgreSQL's hashtext); unlike a row lock on the structure, it blocks
 * nothing but other appends to the same history.
 */
const HISTORY_LOCK_NAMESPACE = 5_104_811;

/**
 * The only way history is written: it is append-only, so every use case adds its lines here, in
 * its own transaction. Each entry is chained to the structure's previous one (domain/history-chain.ts).
 * The lock is held until the caller's transaction ends, so two concurrent decisions on one structure
 * append one after the other and never fork the chain (the unique (structureId, sequence) index is
 * the backstop). The structure's HistoryHead moves to the new entry in the same transaction.
 */
export async function appendHistory(tx: Tx, entry: NewHistoryEntry) {
  // The one raw statement here: Prisma has no API for advisory locks.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HISTORY_LOCK_NAMESPACE}::int, hashtext(${entry.structureId}))`;
  // The head, not the last row left: after rows deleted from the end, the next entry shows the gap.
  const tip =
    (await tx.historyHead.findUnique({
      where: { structureId: entry.structureId },
      select: { sequence: true, hash: true },
    })) ??
    (await tx.historyEntry.findFirst({
      where: { structureId: entry.structureId },
      orderBy: { sequence: "desc" },
      select: { sequence: true, hash: true },
    }));
  const { sequence, previousHash } = nextLink(tip);
  const id = randomUUID();
  // The hash covers the values as stored: the column's own default time would be unknown here.
  const createdAt = entry.createdAt === undefined ? new Date() : new Date(entry.createdAt);
  const hash = chainHash(
    {
      id,
      structureId: entry.structureId,
      sequence,
      action: entry.action,
      actorId: entry.actorId ?? null,
      actorSlackUserId: entry.actorSlackUserId ?? null,
      targetUserId: entry.targetUserId ?? null,
      attachmentRequestId: entry.attachmentRequestId ?? null,
      subscriptionRequestId: entry.subscriptionRequestId ?? null,
      comment: entry.comment ?? null,
      details: storedDetails(entry.details),
      createdAt,
    },
    previousHash,
  );
  const created = await tx.historyEntry.create({
    data: { ...entry, id, createdAt, sequence, previousHash, hash },
  });
  await tx.historyHead.upsert({
    where: { structureId: entry.structureId },
    create: { structureId: entry.structureId, sequence, hash },
    update: { sequence, hash },
  });
  return created;
}

/** The details as they read back: Prisma's null markers come back as null. */
function storedDetails(details: NewHistoryEntry["details"]): unknown {
  if (details === undefined || details instanceof Prisma.NullTypes.DbNull) return null;
  if (details instanceof Prisma.NullTypes.JsonNull) return null;
  return details;
}

/**
 * Records what happened to an account itself (its deactivation, its reactivation) in the history of
 * every structure it is validly attached to, where its managers look for it.
 */
export async function appendHistoryOfAccount(
  tx: Tx,
  accountId: string,
  entry: Omit<NewHistoryEntry, "structureId" | "targetUserId">,
): Promise<void> {
  const attachedTo = await tx.attachment.findMany({
    where: { userId: accountId, status: "VALIDATED" },
    select: { structureId: true },
    distinct: ["structureId"],
  });
  for (const { structureId } of attachedTo) {
    await appendHistory(tx, { ...entry, structureId, targetUserId: accountId });
  }
}
