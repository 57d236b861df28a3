import type { Tx } from "../db/transaction.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** A line to add to a structure's history ("Accès à l'historique"). */
export type NewHistoryEntry = Omit<Prisma.HistoryEntryUncheckedCreateInput, "id">;

/**
 * The only way history is written: it is append-only, so every use case adds its lines here, in
 * its own transaction.
 */
export async function appendHistory(tx: Tx, entry: NewHistoryEntry) {
  return tx.historyEntry.create({ data: entry });
}
