import type { PrismaClient } from "../../db/database.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type CsvCell, excelCsvStream, parisIsoDay } from "../../export/excel-csv.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { type CsvExport, EXPORT_PAGE_SIZE } from "../exports/export-scope.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  type HistoryFilters,
  type HistoryLineRow,
  historyLineSelect,
  historyWhere,
  loadHistoryStructure,
  toHistoryLine,
} from "./list-history.ts";

/** "17:45", Paris time: the day has its own column, which Excel reads as a date. */
const parisTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * The filtered history, newest first like the modal, read by keyset pagination on the sequence: each
 * query returns at most `pageSize` entries, so a long history never sits in memory.
 */
async function* historyRows(
  prisma: PrismaClient,
  messages: Messages,
  where: Prisma.HistoryEntryWhereInput,
  pageSize: number,
): AsyncGenerator<CsvCell[]> {
  let before: number | null = null;
  for (;;) {
    const rows: HistoryLineRow[] = await prisma.historyEntry.findMany({
      where: before === null ? where : { AND: [where, { sequence: { lt: before } }] },
      orderBy: { sequence: "desc" },
      take: pageSize,
      select: historyLineSelect,
    });
    for (const line of rows.map(toHistoryLine)) {
      yield [
        line.sequence,
        line.createdAt,
        parisTime.format(line.createdAt),
        line.actor?.name ?? messages.history.system,
        messages.history.actions[line.action],
        line.target?.name,
        line.target?.loginEmail,
        line.comment,
      ];
    }
    const last: HistoryLineRow | undefined = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    before = last.sequence;
  }
}

/**
 * "Exporter (CSV)" in the history: the entries the manager's filters keep, as the same French Excel
 * CSV as the user exports. Principal and secondary managers of the structure only.
 */
export async function exportHistory(
  ctx: ServiceContext,
  actor: Actor,
  input: HistoryFilters & { structureId: string },
  pageSize: number = EXPORT_PAGE_SIZE,
): Promise<CsvExport> {
  const { messages } = ctx;
  const structure = await inTransaction(ctx.prisma, (tx) =>
    loadHistoryStructure(tx, messages, actor, { id: input.structureId }),
  );
  // Checked before the first byte: a reversed period is still a clean refusal.
  const where = historyWhere(messages, structure.id, input);
  ctx.logger.info({ structureId: structure.id, by: actor.accountId }, "history export");
  return {
    filename: messages.history.filename(structure.identifier, parisIsoDay(ctx.now())),
    title: messages.history.fileTitle(structure.designation, structure.identifier),
    stream: excelCsvStream({
      messages,
      header: messages.history.columns,
      rows: historyRows(ctx.prisma, messages, where, pageSize),
    }),
  };
}
