import type { PrismaClient } from "../../db/database.ts";
import { isRequestType, type RequestType } from "../../domain/requests.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { structuresManagedBy } from "../structures/manager-access.ts";

/** Which pending requests a manager looks at: optionally one structure, optionally one kind. */
export interface PendingFilters {
  structureId: string | null;
  type: RequestType | null;
}

export interface PendingListItem {
  type: RequestType;
  id: string;
  createdAt: Date;
  structureIdentifier: string;
  structureDesignation: string;
  requesterName: string;
  requesterEmail: string;
  /** What is asked: the services' codes of an attachment request (none: the whole structure), the spaces of a subscription request. */
  asked: string[];
}

export interface ManagedStructure {
  id: string;
  identifier: string;
  designation: string;
}

/** The active structures a manager manages from its workspace (structuresManagedBy). */
export async function findManagedStructures(
  prisma: PrismaClient,
  manager: { accountId: string; teamId: string | null },
): Promise<ManagedStructure[]> {
  return prisma.structure.findMany({
    where: structuresManagedBy(manager),
    select: { id: true, identifier: true, designation: true },
    orderBy: [{ designation: "asc" }, { identifier: "asc" }],
  });
}

/** The union of both kinds of pending requests on the given structures, as one SQL source. */
function pendingSource(structureIds: string[], filters: PendingFilters): Prisma.Sql {
  const scope = filters.structureId
    ? [filters.structureId].filter((id) => structureIds.includes(id))
    : structureIds;
  if (scope.length === 0)
    return Prisma.sql`SELECT NULL::text AS "type", NULL::text AS "id", NULL::timestamp AS "createdAt", NULL::uuid AS "structureId", NULL::uuid AS "userId" WHERE false`;
  const ids = Prisma.join(scope.map((id) => Prisma.sql`${id}::uuid`));
  const branch = (type: RequestType, table: string) => Prisma.sql`
    SELECT ${type}::text AS "type", r."id"::text AS "id", r."createdAt", r."structureId", r."userId"
    FROM ${Prisma.raw(`"${table}"`)} r WHERE r."status" = 'PENDING' AND r."structureId" IN (${ids})`;
  const branches = [];
  if (filters.type !== "subscription") branches.push(branch("attachment", "AttachmentRequest"));
  if (filters.type !== "attachment") branches.push(branch("subscription", "SubscriptionRequest"));
  return Prisma.join(branches, " UNION ALL ");
}

/**
 * One page of the pending requests of the structures a manager manages, oldest first, with the total
 * (both kinds in one query, so paging stays cheap with thousands waiting).
 */
export async function listManagerRequests(
  prisma: PrismaClient,
  input: { structureIds: string[]; filters: PendingFilters; offset: number; limit: number },
): Promise<{ items: PendingListItem[]; total: number }> {
  const source = pendingSource(input.structureIds, input.filters);
  const [counted] = await prisma.$queryRaw<
    { total: bigint }[]
  >`SELECT count(*) AS "total" FROM (${source}) p`;
  const rows = await prisma.$queryRaw<(PendingListItem & { firstName: string; lastName: string })[]>`
    SELECT p."type", p."id", p."createdAt", s."identifier" AS "structureIdentifier",
      s."designation" AS "structureDesignation", u."firstName", u."lastName", u."loginEmail" AS "requesterEmail",
      CASE p."type"
        WHEN 'attachment' THEN ARRAY(SELECT v."code" FROM "_RequestedServices" l JOIN "Service" v ON v."id" = l."B"
          WHERE l."A" = p."id"::uuid ORDER BY v."code")
        ELSE ARRAY(SELECT DISTINCT i."space"::text FROM "SubscriptionRequestItem" i
          WHERE i."requestId" = p."id"::uuid ORDER BY 1) END AS "asked"
    FROM (${source}) p
    JOIN "Structure" s ON s."id" = p."structureId"
    JOIN "UserAccount" u ON u."id" = p."userId"
    ORDER BY p."createdAt", p."id"
    OFFSET ${input.offset} LIMIT ${input.limit}`;
  return {
    total: Number(counted?.total ?? 0),
    items: rows
      .filter((row) => isRequestType(row.type))
      .map((row) => ({
        type: row.type,
        id: row.id,
        createdAt: row.createdAt,
        structureIdentifier: row.structureIdentifier,
        structureDesignation: row.structureDesignation,
        requesterName: `${row.firstName} ${row.lastName}`,
        requesterEmail: row.requesterEmail,
        asked: row.asked,
      })),
  };
}

/** Every pending request matching the filters ("toutes les demandes filtrées"), oldest first. */
export async function listManagerRequestIds(
  prisma: PrismaClient,
  input: { structureIds: string[]; filters: PendingFilters },
): Promise<{ type: RequestType; id: string }[]> {
  const source = pendingSource(input.structureIds, input.filters);
  const rows = await prisma.$queryRaw<{ type: string; id: string }[]>`
    SELECT p."type", p."id" FROM (${source}) p ORDER BY p."createdAt", p."id"`;
  return rows.flatMap((row) => (isRequestType(row.type) ? [{ type: row.type, id: row.id }] : []));
}
