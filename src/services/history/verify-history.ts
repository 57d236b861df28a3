import {
  type ChainBreakReason,
  type ChainTip,
  findChainBreak,
  findTailBreak,
} from "../../domain/history-chain.ts";
import { AppError } from "../../errors.ts";
import type { HistoryEntry } from "../../generated/prisma/client.ts";
import type { ServiceContext } from "../context.ts";

/** Entries read per query: the memory stays flat however long the history. */
export const VERIFY_PAGE_SIZE = 500;

export interface HistoryVerification {
  intact: boolean;
  /** How many entries the structure's history holds (all of them are read). */
  entries: number;
  /**
   * The first entry that does not continue the chain, in sequence order; or, when entries were
   * deleted from its end, the first missing sequence (no id).
   */
  firstBreak?: { sequence: number; id?: string; reason: ChainBreakReason };
}

/**
 * Recomputes a structure's history chain from its first entry, page by page in sequence order, and
 * reports whether every entry continues the one before and the chain ends at the head the last append
 * recorded: a row updated, deleted or reordered directly in the database shows as the first break.
 * The head is read first, and the entries up to it only: an entry appended meanwhile is not a break.
 * For systems (the REST API): no manager check.
 */
export async function verifyHistory(
  ctx: ServiceContext,
  input: { identifier: string },
  pageSize: number = VERIFY_PAGE_SIZE,
): Promise<HistoryVerification> {
  const structure = await ctx.prisma.structure.findUnique({
    where: { identifier: input.identifier },
    select: { id: true },
  });
  if (!structure) throw new AppError("not_found", ctx.messages.errors.structureNotFound(input.identifier));
  const head = await ctx.prisma.historyHead.findUnique({
    where: { structureId: structure.id },
    select: { sequence: true, hash: true },
  });
  const verification: HistoryVerification = { intact: true, entries: 0 };
  let previous: (ChainTip & { id: string }) | null = null;
  for (;;) {
    const sequence = {
      ...(previous ? { gt: previous.sequence } : {}),
      ...(head ? { lte: head.sequence } : {}),
    };
    const page: HistoryEntry[] = await ctx.prisma.historyEntry.findMany({
      where: { structureId: structure.id, sequence },
      orderBy: { sequence: "asc" },
      take: pageSize,
    });
    for (const entry of page) {
      const reason = findChainBreak(previous, entry);
      if (reason && verification.intact) {
        verification.intact = false;
        verification.firstBreak = { sequence: entry.sequence, id: entry.id, reason };
      }
      // Later entries are checked against what is stored, so one break is reported once.
      previous = { id: entry.id, sequence: entry.sequence, hash: entry.hash };
    }
    verification.entries += page.length;
    if (page.length < pageSize) break;
  }
  const tailReason = verification.intact ? findTailBreak(previous, head) : null;
  if (tailReason) {
    verification.intact = false;
    verification.firstBreak =
      tailReason === "missing_last_entries"
        ? { sequence: (previous?.sequence ?? 0) + 1, reason: tailReason }
        : { sequence: previous?.sequence ?? 0, id: previous?.id, reason: tailReason };
  }
  ctx.logger.info({ structureId: structure.id, ...verification }, "history chain verified");
  return verification;
}
