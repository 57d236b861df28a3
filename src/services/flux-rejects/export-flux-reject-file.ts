import type { PrismaClient } from "../../db/database.ts";
import { inTransaction } from "../../db/transaction.ts";
import { oldestKeptFluxRejectDay } from "../../domain/flux-rejects.ts";
import { dayKey } from "../../domain/pending-requests.ts";
import { AppError } from "../../errors.ts";
import { type CsvCell, excelCsvStream } from "../../export/excel-csv.ts";
import type { FluxReject } from "../../generated/prisma/client.ts";
import { formatDate, type Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { type CsvExport, EXPORT_PAGE_SIZE, type ExportedStructure } from "../exports/export-scope.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";

/**
 * The rejects of one file, oldest deposit first, read a page at a time (a cursor on the last row
 * seen), so a big file never sits in memory whole.
 */
async function* fluxRejectRows(
  prisma: PrismaClient,
  messages: Messages,
  file: { id: string; structure: ExportedStructure },
): AsyncGenerator<CsvCell[]> {
  let after: string | null = null;
  for (;;) {
    const page: FluxReject[] = await prisma.fluxReject.findMany({
      where: { fileId: file.id },
      orderBy: [{ depositDate: "asc" }, { id: "asc" }],
      take: EXPORT_PAGE_SIZE,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    for (const reject of page) {
      yield [
        reject.rejectCode,
        reject.rejectLabel,
        file.structure.designation,
        file.structure.identifier,
        reject.depositDate,
        reject.paymentRequestNumber,
        reject.fluxNumber,
        reject.fileName,
        messages.fluxRejects.channels[reject.channel],
        reject.recipient,
      ];
    }
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE_SIZE) return;
    after = last.id;
  }
}

/**
 * The chosen reject files as Excel-friendly CSV files. Every file is checked before any is read: it
 * must still be kept (not purged, not past the retention) and the actor must manage its emitter.
 */
export async function exportFluxRejectFiles(
  ctx: ServiceContext,
  actor: Actor,
  input: { fileIds: readonly string[] },
): Promise<CsvExport[]> {
  const { messages } = ctx;
  if (input.fileIds.length === 0) {
    throw new AppError("invalid_input", messages.fluxRejects.selectionEmpty, [
      { field: "selection", message: messages.fluxRejects.selectionEmpty },
    ]);
  }
  const files = await inTransaction(ctx.prisma, async (tx) => {
    const found = await tx.fluxRejectFile.findMany({
      where: { id: { in: input.fileIds.filter(isUuid) }, day: { gte: oldestKeptFluxRejectDay(ctx.now()) } },
      orderBy: [{ day: "desc" }, { id: "asc" }],
      select: {
        id: true,
        day: true,
        structure: { select: { id: true, identifier: true, designation: true, slackTeamId: true } },
      },
    });
    if (found.length < new Set(input.fileIds).size)
      throw new AppError("not_found", messages.fluxRejects.fileGone);
    const checked = new Set<string>();
    for (const { structure } of found) {
      if (checked.has(structure.id)) continue;
      await assertManagerOf(tx, messages, actor, structure);
      checked.add(structure.id);
    }
    return found;
  });
  ctx.logger.info({ files: files.map((file) => file.id), by: actor.accountId }, "flux reject files export");
  return files.map((file) => ({
    structure: file.structure,
    filename: messages.fluxRejects.filename(file.structure.identifier, dayKey(file.day)),
    title: messages.fluxRejects.fileTitle(
      file.structure.designation,
      file.structure.identifier,
      formatDate(messages, file.day),
    ),
    stream: excelCsvStream({
      messages,
      header: messages.fluxRejects.columns,
      rows: fluxRejectRows(ctx.prisma, messages, file),
    }),
  }));
}
