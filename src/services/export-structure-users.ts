import type { PrismaClient } from "../db/database.ts";
import { type CsvCell, excelCsvStream, parisIsoDay } from "../export/excel-csv.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { AccountStatus, Role } from "../generated/prisma/enums.ts";
import type { Messages } from "../i18n/index.ts";
import type { ServiceContext } from "./context.ts";
import { type CsvExport, EXPORT_PAGE_SIZE, findExportedStructure } from "./export-scope.ts";
import type { Actor } from "./slack-identities.ts";

/** Which attachments an export reads: one structure or all of them (bench), optionally some accounts. */
export interface UserExportScope {
  structureId: string | null;
  accountIds?: readonly string[];
}

interface AttachmentRow {
  id: string;
  attachmentStatus: string;
  lastName: string;
  firstName: string;
  loginEmail: string;
  contactEmail: string | null;
  status: AccountStatus;
  role: Role;
  startDate: Date;
  serviceCode: string | null;
  serviceLabel: string | null;
}

/** "Nom;Prénom;…": the columns of the users export, in the user's language. */
export function structureUsersHeader(messages: Messages): string[] {
  return [...messages.exports.usersColumns];
}

/**
 * The users of a structure, one row per validated attachment (whole structure or one service), read
 * by keyset pagination on the attachment id: each query returns at most `pageSize` rows and starts
 * after the last one seen, so memory stays flat and late pages cost as much as the first.
 */
export async function* structureUserRows(
  prisma: PrismaClient,
  messages: Messages,
  scope: UserExportScope,
  pageSize: number = EXPORT_PAGE_SIZE,
): AsyncGenerator<CsvCell[]> {
  if (scope.accountIds?.length === 0) return;
  // The page is cut in a subquery on the attachments alone, then joined to its accounts and services
  // by primary key. Without a structure the status is checked here rather than in SQL: the embedded
  // database keeps no statistics, and a status filter makes it sort every attachment for each page
  // instead of following the primary key from the last id seen.
  const filters: Prisma.Sql[] = [];
  if (scope.structureId) {
    filters.push(
      Prisma.sql`a."structureId" = ${scope.structureId}::uuid`,
      Prisma.sql`a."status" = 'VALIDATED'`,
    );
  }
  if (scope.accountIds) filters.push(Prisma.sql`a."userId" = ANY(${[...scope.accountIds]}::uuid[])`);
  const fetchPage = (after: string | null): Promise<AttachmentRow[]> => {
    const page: Prisma.Sql[] = after ? [...filters, Prisma.sql`a."id" > ${after}::uuid`] : filters;
    const where = page.length > 0 ? Prisma.sql`WHERE ${Prisma.join(page, " AND ")}` : Prisma.empty;
    return prisma.$queryRaw<AttachmentRow[]>`
      SELECT a."id"::text AS "id", a."status"::text AS "attachmentStatus", u."lastName", u."firstName",
        u."loginEmail", u."contactEmail", u."status"::text AS "status", a."role"::text AS "role",
        a."startDate", s."code" AS "serviceCode", s."label" AS "serviceLabel"
      FROM (SELECT * FROM "Attachment" a ${where} ORDER BY a."id" LIMIT ${pageSize}) a
      JOIN "UserAccount" u ON u."id" = a."userId"
      LEFT JOIN "Service" s ON s."id" = a."serviceId"
      ORDER BY a."id"`;
  };
  let next: Promise<AttachmentRow[]> | null = fetchPage(null);
  while (next) {
    const rows: AttachmentRow[] = await next;
    const last = rows.at(-1);
    // The next page is asked for before this one is written out, so the database works meanwhile.
    next = last && rows.length === pageSize ? fetchPage(last.id) : null;
    // Not awaited if the reader stops early (generator closed): its failure must not go unhandled.
    next?.catch(() => {});
    for (const row of rows) {
      if (row.attachmentStatus !== "VALIDATED") continue;
      yield [
        row.lastName,
        row.firstName,
        row.loginEmail,
        row.contactEmail,
        messages.accountStatuses[row.status],
        messages.roles[row.role],
        row.serviceCode === null
          ? messages.attachmentRequest.wholeStructure
          : `${row.serviceLabel} (${row.serviceCode})`,
        row.startDate,
      ];
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
  const structure = await findExportedStructure(ctx, actor, input.identifier);
  const { messages } = ctx;
  const scope: UserExportScope = { structureId: structure.id };
  if (input.accountIds) scope.accountIds = input.accountIds;
  ctx.logger.info({ structureId: structure.id, by: actor?.accountId ?? "api" }, "users export");
  return {
    structure,
    filename: messages.exports.usersFilename(structure.identifier, parisIsoDay(ctx.now())),
    title: messages.exports.usersTitle(structure.designation, structure.identifier),
    stream: excelCsvStream({
      messages,
      header: structureUsersHeader(messages),
      rows: structureUserRows(ctx.prisma, messages, scope),
    }),
  };
}
