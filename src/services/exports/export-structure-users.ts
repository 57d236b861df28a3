import { Readable } from "node:stream";
import { escapeLiteral } from "pg";
import type { ExportReader } from "../../db/export-reader.ts";
import { dayPattern, excelCsvFromDatabase, parisIsoDay } from "../../export/excel-csv.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { type CsvExport, loadExportedStructure } from "./export-scope.ts";

/** Which attachments an export reads: some structures or all of them (bench), optionally some accounts. */
export interface UserExportScope {
  structureIds: readonly string[] | null;
  accountIds?: readonly string[];
  /** Whether each row names its structure: a selection may span several, a structure's export not. */
  withStructure?: boolean;
}

/** "Nom;Prénom;…": the columns of the users export, in the user's language. */
export function structureUsersHeader(messages: Messages, withStructure = false): string[] {
  const { usersColumns, structureColumns } = messages.exports;
  return withStructure ? [...usersColumns, ...structureColumns] : [...usersColumns];
}

/**
 * The query of the users export, one row per validated attachment (whole structure or one service),
 * in attachment order, each cell as excelCsvStream would write it: text through `excel_cell` (the
 * database's twin of neutraliseCell), statuses and roles in the user's language, the start date as
 * the user's day. COPY takes no parameters: every value is an escaped literal (ids are uuids).
 */
export function structureUsersQuery(messages: Messages, scope: UserExportScope): string {
  const labelOf = (column: string, labels: Record<string, string>) =>
    `CASE ${column} ${Object.entries(labels)
      .map(([value, label]) => `WHEN ${escapeLiteral(value)} THEN ${escapeLiteral(label)}`)
      .join(" ")} END`;
  const uuids = (ids: readonly string[]) => `${escapeLiteral(`{${ids.join(",")}}`)}::uuid[]`;
  const filters = [`a."status" = 'VALIDATED'`];
  if (scope.structureIds) filters.push(`a."structureId" = ANY(${uuids(scope.structureIds)})`);
  if (scope.accountIds) filters.push(`a."userId" = ANY(${uuids(scope.accountIds)})`);
  const structureColumns = scope.withStructure
    ? `, excel_cell(st."identifier"), excel_cell(st."designation")`
    : "";
  return `SELECT excel_cell(u."lastName"), excel_cell(u."firstName"), excel_cell(u."loginEmail"),
      excel_cell(u."contactEmail"), ${labelOf(`u."status"::text`, messages.accountStatuses)},
      ${labelOf(`a."role"::text`, messages.roles)},
      CASE WHEN s."id" IS NULL THEN ${escapeLiteral(messages.attachmentRequest.wholeStructure)}
        ELSE excel_cell(s."label" || ' (' || s."code" || ')') END,
      to_char(a."startDate", ${escapeLiteral(dayPattern(messages))})${structureColumns}
    FROM "Attachment" a
    JOIN "UserAccount" u ON u."id" = a."userId"
    ${scope.withStructure ? `JOIN "Structure" st ON st."id" = a."structureId"` : ""}
    LEFT JOIN "Service" s ON s."id" = a."serviceId"
    WHERE ${filters.join(" AND ")}
    ORDER BY a."id"`;
}

/**
 * The users export as an Excel CSV written by the database itself (see export-reader.ts): nothing is
 * parsed in Node, memory stays flat whatever the number of rows, and rows are read only as fast as
 * the CSV is consumed.
 */
export function structureUsersCsv(
  reader: ExportReader,
  messages: Messages,
  scope: UserExportScope,
): Readable {
  const header = structureUsersHeader(messages, scope.withStructure);
  const nothing = scope.structureIds?.length === 0 || scope.accountIds?.length === 0;
  return excelCsvFromDatabase({
    messages,
    header,
    csv: nothing ? Readable.from([]) : reader.csv(structureUsersQuery(messages, scope)),
  });
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
    stream: structureUsersCsv(ctx.exportReader, messages, scope),
  };
}
