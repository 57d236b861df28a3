import type { ExportQuery, ExportReader } from "../../db/export-reader.ts";
import { strongestRole } from "../../domain/roles.ts";
import { type CsvCell, excelCsvStream, parisIsoDay } from "../../export/excel-csv.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { AccessLevel, Role, Space } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  type CsvExport,
  EXPORT_PAGE_SIZE,
  type ExportedStructure,
  loadExportedStructure,
} from "./export-scope.ts";

/** One row as the reader gives it: the query's columns below, in order, as JSON has them. */
type AuthorisationRow = [
  lastName: string,
  firstName: string,
  loginEmail: string,
  roles: Role[],
  serviceCode: string | null,
  serviceLabel: string | null,
  space: Space | null,
  access: AccessLevel | null,
];

/**
 * User × structure × service × role × space × access, "pour avoir une meilleure visibilité des
 * habilitations": one row per active subscription of each user attached to the structure (validated
 * attachment), with the user's strongest role there; a user with no subscription gets one row with
 * the space and access left empty, so nobody attached is missing. Read through a server-side cursor
 * `batchSize` rows at a time (see export-reader.ts).
 */
export async function* authorisationRows(
  reader: ExportReader,
  messages: Messages,
  structure: ExportedStructure,
  batchSize: number = EXPORT_PAGE_SIZE,
): AsyncGenerator<CsvCell[]> {
  const query: ExportQuery = {
    columns: Prisma.sql`u."lastName", u."firstName", u."loginEmail", r."roles", s."code", s."label", b."space",
      b."access"`,
    from: Prisma.sql`FROM (
        SELECT a."userId", array_agg(a."role") AS "roles" FROM "Attachment" a
        WHERE a."structureId" = ${structure.id}::uuid AND a."status" = 'VALIDATED'
        GROUP BY a."userId"
      ) r
      JOIN "UserAccount" u ON u."id" = r."userId"
      LEFT JOIN "Subscription" b
        ON b."userId" = r."userId" AND b."structureId" = ${structure.id}::uuid AND b."status" = 'ACTIVE'
      LEFT JOIN "Service" s ON s."id" = b."serviceId"`,
    orderBy: Prisma.sql`u."id", s."code" NULLS FIRST, b."space"`,
  };
  for await (const batch of reader.batches(query, batchSize)) {
    for (const row of batch as AuthorisationRow[]) {
      const [lastName, firstName, loginEmail, roles, serviceCode, serviceLabel, space, access] = row;
      const role = strongestRole(roles);
      const roleLabel = role ? messages.roles[role] : null;
      const person = [lastName, firstName, loginEmail, structure.identifier, structure.designation];
      if (space === null || access === null) {
        yield [...person, null, roleLabel, null, null];
        continue;
      }
      yield [
        ...person,
        serviceCode === null ? messages.exports.allServices : `${serviceLabel} (${serviceCode})`,
        roleLabel,
        messages.spaces[space],
        messages.accessLevels[access],
      ];
    }
  }
}

/** The authorisations export of a structure, streamed. Same checks as the users export. */
export async function exportAuthorisations(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { identifier: string },
): Promise<CsvExport> {
  const structure = await loadExportedStructure(ctx, actor, input.identifier);
  const { messages } = ctx;
  ctx.logger.info({ structureId: structure.id, by: actor?.accountId ?? "api" }, "authorisations export");
  return {
    filename: messages.exports.authorisationsFilename(structure.identifier, parisIsoDay(ctx.now())),
    title: messages.exports.authorisationsTitle(structure.designation, structure.identifier),
    stream: excelCsvStream({
      messages,
      header: messages.exports.authorisationsColumns,
      rows: authorisationRows(ctx.exportReader, messages, structure),
    }),
  };
}
