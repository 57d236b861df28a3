import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/transaction.ts";
import { type ChainTip, chainHash, nextLink } from "../../domain/history-chain.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/** A line to add to a structure's history ("Accès à l'historique"); its place in the chain is computed. */
export type NewHistoryEntry = Omit<
  Prisma.HistoryEntryUncheckedCreateInput,
  "id" | "sequence" | "previousHash" | "hash"
>;

/** Where an appended entry stands in its structure's chain. */
export interface AppendedEntry {
  id: string;
  sequence: number;
  hash: string;
}

/**
 * Namespace of the advisory locks that serialise appends per structure (the second key is the
 * structure's id hashed by PostgreSQL's hashtext); unlike a row lock on the structure, it blocks
 * nothing but other appends to the same history.
 */
const HISTORY_LOCK_NAMESPACE = 5_104_811;

/**
 * The only way history is written: it is append-only, so every use case adds its lines here, in
 * its own transaction. Each entry is chained to its structure's previous one
 * (domain/history-chain.ts), in the order given. The structures' locks are held until the caller's
 * transaction ends, so two concurrent decisions on one structure append one after the other and
 * never fork the chain (the unique (structureId, sequence) index is the backstop); they are taken in
 * one order, so two batches over the same structures cannot deadlock. Each structure's HistoryHead
 * moves to its last new entry in the same transaction. A batch (a bulk decision) costs a few
 * statements whatever its size.
 */
export async function appendHistoryEntries(
  tx: Tx,
  entries: readonly NewHistoryEntry[],
): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  const structureIds = [...new Set(entries.map((entry) => entry.structureId))].sort();
  // Raw: Prisma has no API for advisory locks.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HISTORY_LOCK_NAMESPACE}::int, hashtext("id"))
    FROM unnest(${structureIds}::text[]) AS "id" ORDER BY "id"`;
  const tips = await chainTips(tx, structureIds);
  const rows: (Prisma.HistoryEntryCreateManyInput & AppendedEntry)[] = [];
  for (const entry of entries) {
    const { sequence, previousHash } = nextLink(tips.get(entry.structureId) ?? null);
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
    rows.push({ ...entry, id, createdAt, sequence, previousHash, hash });
    tips.set(entry.structureId, { sequence, hash });
  }
  await tx.historyEntry.createMany({ data: rows });
  const heads = [...tips];
  await tx.$executeRaw`INSERT INTO "HistoryHead" ("structureId", "sequence", "hash")
    SELECT * FROM unnest(${heads.map(([id]) => id)}::uuid[], ${heads.map(([, tip]) => tip.sequence)}::int[],
      ${heads.map(([, tip]) => tip.hash)}::text[])
    ON CONFLICT ("structureId") DO UPDATE SET "sequence" = EXCLUDED."sequence", "hash" = EXCLUDED."hash"`;
  return rows;
}

/** One entry: see {@link appendHistoryEntries}. */
export async function appendHistory(tx: Tx, entry: NewHistoryEntry): Promise<AppendedEntry> {
  const [appended] = await appendHistoryEntries(tx, [entry]);
  if (!appended) throw new Error("no history entry appended");
  return appended;
}

/**
 * Where each structure's chain ends: its head, not the last row left (after rows deleted from the
 * end, the next entry shows the gap); the last row for a structure written before heads existed.
 */
async function chainTips(tx: Tx, structureIds: string[]): Promise<Map<string, ChainTip>> {
  const heads = await tx.historyHead.findMany({
    where: { structureId: { in: structureIds } },
    select: { structureId: true, sequence: true, hash: true },
  });
  const tips = new Map<string, ChainTip>(heads.map(({ structureId, ...tip }) => [structureId, tip]));
  for (const structureId of structureIds) {
    if (tips.has(structureId)) continue;
    const last = await tx.historyEntry.findFirst({
      where: { structureId },
      orderBy: { sequence: "desc" },
      select: { sequence: true, hash: true },
    });
    if (last) tips.set(structureId, last);
  }
  return tips;
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
