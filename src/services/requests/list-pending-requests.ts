import type { PrismaClient } from "../../db/database.ts";
import type { PendingRequest } from "../../domain/pending-requests.ts";
import type { RequestType } from "../../domain/requests.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Role, Space } from "../../generated/prisma/enums.ts";

interface PendingRow {
  type: RequestType;
  id: string;
  structureId: string;
  createdAt: Date;
  firstName: string;
  lastName: string;
  permalink: string | null;
}

/**
 * The link of a request's message: the copy in the structure's channel when there is one (the digest
 * goes there), otherwise the first copy posted.
 */
function permalinkOf(foreignKey: "attachmentRequestId" | "subscriptionRequestId"): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
      SELECT m."permalink" FROM "RequestMessage" m
      WHERE m.${Prisma.raw(`"${foreignKey}"`)} = r."id" AND m."permalink" IS NOT NULL
      ORDER BY (m."channelId" = s."slackChannelId") DESC NULLS LAST, m."createdAt"
      LIMIT 1) pm ON true`;
}

/**
 * Every pending request of both kinds on active structures (optionally only those created before an
 * instant), oldest first, with its requester, its message link and (subscriptions) its spaces: two
 * queries whatever the volume.
 */
export async function listPendingRequests(
  prisma: PrismaClient,
  options: { createdBefore?: Date } = {},
): Promise<PendingRequest[]> {
  const before = options.createdBefore
    ? Prisma.sql`AND r."createdAt" < ${options.createdBefore}`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<PendingRow[]>`
    SELECT 'attachment' AS "type", r."id"::text AS "id", r."structureId"::text AS "structureId",
      r."createdAt", u."firstName", u."lastName", pm."permalink"
    FROM "AttachmentRequest" r
    JOIN "Structure" s ON s."id" = r."structureId" AND s."status" = 'ACTIVE'
    JOIN "UserAccount" u ON u."id" = r."userId"
    ${permalinkOf("attachmentRequestId")}
    WHERE r."status" = 'PENDING' ${before}
    UNION ALL
    SELECT 'subscription', r."id"::text, r."structureId"::text, r."createdAt", u."firstName", u."lastName",
      pm."permalink"
    FROM "SubscriptionRequest" r
    JOIN "Structure" s ON s."id" = r."structureId" AND s."status" = 'ACTIVE'
    JOIN "UserAccount" u ON u."id" = r."userId"
    ${permalinkOf("subscriptionRequestId")}
    WHERE r."status" = 'PENDING' ${before}
    ORDER BY "createdAt", "id"`;
  const spaces = await spacesOf(
    prisma,
    rows.filter((row) => row.type === "subscription").map((row) => row.id),
  );
  return rows.map((row) => ({
    type: row.type,
    id: row.id,
    structureId: row.structureId,
    createdAt: row.createdAt,
    requesterName: `${row.firstName} ${row.lastName}`,
    spaces: spaces.get(row.id) ?? [],
    permalink: row.permalink,
  }));
}

/**
 * The spaces asked for by subscription requests, in a query of their own: the items have no index on
 * requestId, and without statistics (a table autovacuum has not analysed yet) a join on them is planned
 * as a loop over all items per request; a lookup on an id array is hashed instead.
 */
async function spacesOf(prisma: PrismaClient, requestIds: string[]): Promise<Map<string, Space[]>> {
  const spaces = new Map<string, Space[]>();
  if (requestIds.length === 0) return spaces;
  const items = await prisma.$queryRaw<{ requestId: string; space: Space }[]>`
    SELECT DISTINCT "requestId"::text AS "requestId", "space"::text AS "space"
    FROM "SubscriptionRequestItem" WHERE "requestId" = ANY(${requestIds}::uuid[])
    ORDER BY "space"`;
  for (const item of items) spaces.set(item.requestId, [...(spaces.get(item.requestId) ?? []), item.space]);
  return spaces;
}

/** A structure and who hears about it: its channel, or else its managers by DM. */
export interface StructureAudience {
  id: string;
  identifier: string;
  designation: string;
  slackChannelId: string | null;
  /** Active principal and secondary managers (validated attachments), principal first. */
  managers: { accountId: string; role: Role }[];
}

/** The audiences of many structures in one query (no query per structure). */
export async function findStructureAudiences(
  prisma: PrismaClient,
  structureIds: string[],
): Promise<Map<string, StructureAudience>> {
  const audiences = new Map<string, StructureAudience>();
  if (structureIds.length === 0) return audiences;
  const rows = await prisma.$queryRaw<
    (Omit<StructureAudience, "managers"> & { accountId: string | null; role: Role | null })[]
  >`
    SELECT s."id"::text AS "id", s."identifier", s."designation", s."slackChannelId",
      a."userId"::text AS "accountId", a."role"::text AS "role"
    FROM "Structure" s
    LEFT JOIN "Attachment" a ON a."structureId" = s."id" AND a."status" = 'VALIDATED'
      AND a."role" IN ('PRINCIPAL_MANAGER', 'SECONDARY_MANAGER')
      AND EXISTS (SELECT 1 FROM "UserAccount" u WHERE u."id" = a."userId" AND u."status" = 'ACTIVE')
    WHERE s."id" = ANY(${structureIds}::uuid[])
    ORDER BY s."id", a."role", a."userId"`;
  for (const { accountId, role, ...structure } of rows) {
    let audience = audiences.get(structure.id);
    if (!audience) {
      audience = { ...structure, managers: [] };
      audiences.set(structure.id, audience);
    }
    // A manager holding several scoped attachments is still one recipient (principal rows come first).
    if (accountId && role && !audience.managers.some((manager) => manager.accountId === accountId)) {
      audience.managers.push({ accountId, role });
    }
  }
  return audiences;
}
