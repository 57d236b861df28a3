import type { PrismaClient } from "../db/database.ts";
import { groupBy } from "../domain/group-by.ts";
import { strongestRole } from "../domain/roles.ts";
import { type CsvCell, excelCsvStream, parisIsoDay } from "../export/excel-csv.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { AccessLevel, Role, Space } from "../generated/prisma/enums.ts";
import type { Messages } from "../i18n/index.ts";
import type { ServiceContext } from "./context.ts";
import {
  type CsvExport,
  EXPORT_PAGE_SIZE,
  type ExportedStructure,
  findExportedStructure,
} from "./export-scope.ts";
import type { Actor } from "./slack-identities.ts";

interface UserRow {
  id: string;
  lastName: string;
  firstName: string;
  loginEmail: string;
}

interface SubscriptionRow {
  userId: string;
  space: Space;
  access: AccessLevel;
  serviceCode: string | null;
  serviceLabel: string | null;
}

/**
 * User × structure × service × role × space × access, "pour avoir une meilleure visibilité des
 * habilitations": one row per active subscription of each user attached to the structure (validated
 * attachment), with the user's strongest role there; a user with no subscription gets one row with
 * the space and access left empty, so nobody attached is missing. Keyset pagination on the user id.
 */
export async function* authorisationRows(
  prisma: PrismaClient,
  messages: Messages,
  structure: ExportedStructure,
  pageSize: number = EXPORT_PAGE_SIZE,
): AsyncGenerator<CsvCell[]> {
  let after: string | null = null;
  for (;;) {
    const afterFilter: Prisma.Sql = after ? Prisma.sql`AND u."id" > ${after}::uuid` : Prisma.empty;
    const users: UserRow[] = await prisma.$queryRaw<UserRow[]>`
      SELECT u."id"::text AS "id", u."lastName", u."firstName", u."loginEmail"
      FROM "UserAccount" u
      WHERE EXISTS (SELECT 1 FROM "Attachment" a WHERE a."userId" = u."id"
        AND a."structureId" = ${structure.id}::uuid AND a."status" = 'VALIDATED') ${afterFilter}
      ORDER BY u."id"
      LIMIT ${pageSize}`;
    if (users.length === 0) return;
    const ids = Prisma.join(users.map((user) => Prisma.sql`${user.id}::uuid`));
    const [roles, subscriptions] = await Promise.all([
      prisma.$queryRaw<{ userId: string; role: Role }[]>`
        SELECT a."userId"::text AS "userId", a."role"::text AS "role" FROM "Attachment" a
        WHERE a."structureId" = ${structure.id}::uuid AND a."status" = 'VALIDATED' AND a."userId" IN (${ids})`,
      prisma.$queryRaw<SubscriptionRow[]>`
        SELECT b."userId"::text AS "userId", b."space"::text AS "space", b."access"::text AS "access",
          s."code" AS "serviceCode", s."label" AS "serviceLabel"
        FROM "Subscription" b LEFT JOIN "Service" s ON s."id" = b."serviceId"
        WHERE b."structureId" = ${structure.id}::uuid AND b."status" = 'ACTIVE' AND b."userId" IN (${ids})
        ORDER BY b."userId", s."code" NULLS FIRST, b."space"`,
    ]);
    const rolesByUser = groupBy(roles, (row) => row.userId);
    const subscriptionsByUser = groupBy(subscriptions, (row) => row.userId);
    for (const user of users) {
      const role = strongestRole((rolesByUser.get(user.id) ?? []).map((row) => row.role));
      const person = [
        user.lastName,
        user.firstName,
        user.loginEmail,
        structure.identifier,
        structure.designation,
      ];
      const roleLabel = role ? messages.roles[role] : null;
      const held = subscriptionsByUser.get(user.id) ?? [];
      if (held.length === 0) yield [...person, null, roleLabel, null, null];
      for (const subscription of held) {
        yield [
          ...person,
          subscription.serviceCode === null
            ? messages.exports.allServices
            : `${subscription.serviceLabel} (${subscription.serviceCode})`,
          roleLabel,
          messages.spaces[subscription.space],
          messages.accessLevels[subscription.access],
        ];
      }
    }
    if (users.length < pageSize) return;
    after = users.at(-1)?.id ?? null;
  }
}

/** The authorisations export of a structure, streamed. Same checks as the users export. */
export async function exportAuthorisations(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { identifier: string },
): Promise<CsvExport> {
  const structure = await findExportedStructure(ctx, actor, input.identifier);
  const { messages } = ctx;
  ctx.logger.info({ structureId: structure.id, by: actor?.accountId ?? "api" }, "authorisations export");
  return {
    structure,
    filename: messages.exports.authorisationsFilename(structure.identifier, parisIsoDay(ctx.now())),
    title: messages.exports.authorisationsTitle(structure.designation, structure.identifier),
    stream: excelCsvStream({
      messages,
      header: messages.exports.authorisationsColumns,
      rows: authorisationRows(ctx.prisma, messages, structure),
    }),
  };
}
