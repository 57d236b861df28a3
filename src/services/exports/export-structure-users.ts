import type { ExportQuery, ExportReader } from "../../db/export-reader.ts";
import { type CsvCell, excelCsvStream, parisIsoDay } from "../../export/excel-csv.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { AccountStatus, Role } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { type CsvExport, EXPORT_PAGE_SIZE, loadExportedStructure } from "./export-scope.ts";

/** Which attachments an export reads: some structures or all of them (bench), optionally some accounts. */
export interface UserExportScope {
  structureIds: readonly string[] | null;
  accountIds?: readonly string[];
  /** Whether each row names its structure: a selection may span several, a structure's export not. */
  withStructure?: boolean;
}

/** One row as the reader gives it: the query's columns below, in order, as JSON has them. */
type AttachmentRow = [
  lastName: string,
  firstName: string,
  loginEmail: string,
  contactEmail: string | null,
  status: AccountStatus,
  role: Role,
  serviceCode: string | null,
  serviceLabel: string | null,
  startDay: string,
  structureIdentifier?: string,
  structureDesignation?: string,
];

/** "Nom;Prénom;…": the columns of the users export, in the user's language. */
export function structureUsersHeader(messages: Messages, withStructure = false): string[] {
  const { usersColumns, structureColumns } = messages.exports;
  return withStructure ? [...usersColumns, ...structureColumns] : [...usersColumns];
}

/**
 * The users of some structures, one row per validated attachment (whole structure or one service),
 * in attachment order, read through a server-side cursor `batchSize` rows at a time (see
 * export-reader.ts): memory stays flat whatever the number of rows, and rows are read only as fast
 * as the CSV is consumed.
 */
export async function* structureUserRows(
  reader: ExportReader,
  messages: Messages,
  scope: UserExportScope,
  batchSize: number = EXPORT_PAGE_SIZE,
): AsyncGenerator<CsvCell[]> {
  if (scope.structureIds?.length === 0 || scope.accountIds?.length === 0) return;
  const filters: Prisma.Sql[] = [Prisma.sql`a."status" = 'VALIDATED'`];
  if (scope.structureIds) filters.push(Prisma.sql`a."structureId" = ANY(${[...scope.structureIds]}::uuid[])`);
  if (scope.accountIds) filters.push(Prisma.sql`a."userId" = ANY(${[...scope.accountIds]}::uuid[])`);
  const query: ExportQuery = {
    columns: Prisma.sql`u."lastName", u."firstName", u."loginEmail", u."contactEmail", u."status", a."role",
      s."code", s."label", a."startDate"${scope.withStructure ? Prisma.sql`, st."identifier", st."designation"` : Prisma.empty}`,
    from: Prisma.sql`FROM "Attachment" a
      JOIN "UserAccount" u ON u."id" = a."userId"
      ${scope.withStructure ? Prisma.sql`JOIN "Structure" st ON st."id" = a."structureId"` : Prisma.empty}
      LEFT JOIN "Service" s ON s."id" = a."serviceId"
      WHERE ${Prisma.join(filters, " AND ")}`,
    orderBy: Prisma.sql`a."id"`,
  };
  for await (const batch of reader.batches(query, batchSize)) {
    for (const row of batch as AttachmentRow[]) {
      const [
        lastName,
        firstName,
        loginEmail,
        contactEmail,
        status,
        role,
        serviceCode,
        serviceLabel,
        startDay,
        structureIdentifier,
        structureDesignation,
      ] = row;
      const cells: CsvCell[] = [
        lastName,
        firstName,
        loginEmail,
        contactEmail,
        messages.accountStatuses[status],
        messages.roles[role],
        serviceCode === null ? messages.attachmentRequest.wholeStructure : `${serviceLabel} (${serviceCode})`,
        // A date comes as "YYYY-MM-DD": midnight UTC, as Prisma reads a date column.
        new Date(`${startDay}T00:00:00Z`),
      ];
      if (scope.withStructure) cells.push(structureIdentifier ?? null, structureDesignation ?? null);
      yield cells;
    }
  }
}

/**
 * "Exporter les utilisateurs": the users of a structure (all of them, or the given accounts) as a
 * streamed Excel-friendly CSV. A manager must manage the structure; `actor` null is a system (API).
 */
export async function exportStructureUsers(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { identifier: string; accountIds?: readonly string[] },
): Promise<CsvExport> {
  const structure = await loadExportedStructure(ctx, actor, input.identifier);
  const { messages } = ctx;
  const scope: UserExportScope = { structureIds: [structure.id] };
  if (input.accountIds) scope.accountIds = input.accountIds;
  ctx.logger.info({ structureId: structure.id, by: actor?.accountId ?? "api" }, "users export");
  return {
    filename: messages.exports.usersFilename(structure.identifier, parisIsoDay(ctx.now())),
    title: messages.exports.usersTitle(structure.designation, structure.identifier),
    stream: excelCsvStream({
      messages,
      header: structureUsersHeader(messages),
      rows: structureUserRows(ctx.exportReader, messages, scope),
    }),
  };
}
