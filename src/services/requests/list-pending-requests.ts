import type { PrismaClient } from "../../db/database.ts";
import { distinctManagers } from "../../domain/absences.ts";
import {
  type MessageCopy,
  oldestFirst,
  type PendingRequest,
  preferredCopy,
} from "../../domain/pending-requests.ts";
import type { RequestType } from "../../domain/requests.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Role, Space } from "../../generated/prisma/enums.ts";

/**
 * One pending request and one copy of its message, as the query below writes it in JSON: type, id,
 * creation (epoch seconds), requester's first and last name, the copy's channel, link and posting
 * time (null when no copy has a link), the spaces asked for (null for an attachment request).
 */
type PendingEntry = [
  RequestType,
  string,
  number,
  string,
  string,
  string | null,
  string | null,
  number | null,
  Space[] | null,
];

/** A `timestamp` column (UTC) as `date_part('epoch', …)` gives it, seconds to the millisecond, in milliseconds. */
const epochMilliseconds = (seconds: number): number => Math.round(seconds * 1000);

/** A structure with pending requests: who hears about it, and its requests, read when asked. */
export interface StructurePendingRequests {
  audience: StructureAudience;
  /**
   * Its requests, oldest first, read from the query's JSON at each call: a digest reads and renders
   * one structure at a time, so that 100,000 requests never all live at once (their garbage
   * collection was a fifth of the digest's time).
   */
  requests(): PendingRequest[];
}

/**
 * The halves of the structure ids (random UUIDs, spread evenly) read at once. PostgreSQL writes the
 * JSON below on one core (json_agg has no parallel form): two sessions each reading half the
 * structures took 0.6x the time of one reading all (100,000 requests, 2 cores).
 */
const STRUCTURE_HALVES = [
  Prisma.sql`< '80000000-0000-0000-0000-000000000000'::uuid`,
  Prisma.sql`>= '80000000-0000-0000-0000-000000000000'::uuid`,
];

/**
 * Every structure (active) with pending requests of either kind (optionally only those created
 * before an instant): its audience, and its requests with their requester, their message link (see
 * preferredCopy) and, for subscriptions, their spaces. One query per half of the structures whatever
 * the volume, answering one row per structure with its requests as one JSON value: at 100,000
 * requests, reading them row by row cost more than the query itself.
 */
export async function listPendingRequestsByStructure(
  prisma: PrismaClient,
  options: { createdBefore?: Date } = {},
): Promise<Map<string, StructurePendingRequests>> {
  const halves = await Promise.all(
    STRUCTURE_HALVES.map((half) => readPendingHalf(prisma, half, options.createdBefore)),
  );
  return new Map(
    halves.flat().map(({ entries, ...row }) => [
      row.id,
      {
        audience: audienceOf(row),
        requests: () => readPendingEntries(row.id, row.slackChannelId, entries),
      },
    ]),
  );
}

/** The structures of one half (see STRUCTURE_HALVES) with their audience and requests as JSON. */
async function readPendingHalf(
  prisma: PrismaClient,
  half: Prisma.Sql,
  createdBefore: Date | undefined,
): Promise<(AudienceRow & { entries: string })[]> {
  const filter = Prisma.sql`r."status" = 'PENDING' AND r."structureId" ${half}
    ${createdBefore ? Prisma.sql`AND r."createdAt" < ${createdBefore}` : Prisma.empty}`;
  // One entry per request and copy of its message (plain joins: a lateral "best copy" per request
  // was a third of the time); the copies are sorted out in JS. The per-structure aggregate holds every
  // request at once: with the default 4 MB of work_mem it spilled to disk (a third slower at 100,000
  // requests).
  const [, rows] = await prisma.$transaction([
    prisma.$executeRaw`SET LOCAL work_mem = '64MB'`,
    prisma.$queryRaw<(AudienceRow & { entries: string })[]>`
      WITH pending AS (
        SELECT 'attachment' AS "type", r."id", r."structureId", r."userId", r."createdAt",
          m."channelId", m."permalink", m."createdAt" AS "postedAt", NULL::text[] AS "spaces"
        FROM "AttachmentRequest" r
        LEFT JOIN "RequestMessage" m ON m."attachmentRequestId" = r."id" AND m."permalink" IS NOT NULL
        WHERE ${filter}
        UNION ALL
        SELECT 'subscription', r."id", r."structureId", r."userId", r."createdAt",
          m."channelId", m."permalink", m."createdAt",
          ARRAY(SELECT i."space"::text FROM "SubscriptionRequestItem" i WHERE i."requestId" = r."id")
        FROM "SubscriptionRequest" r
        LEFT JOIN "RequestMessage" m ON m."subscriptionRequestId" = r."id" AND m."permalink" IS NOT NULL
        WHERE ${filter}
      )
      SELECT ${AUDIENCE_COLUMNS},
        json_agg(json_build_array(p."type", p."id", date_part('epoch', p."createdAt"), u."firstName",
          u."lastName", p."channelId", p."permalink", date_part('epoch', p."postedAt"), p."spaces"))::text
          AS "entries"
      FROM pending p
      JOIN "Structure" s ON s."id" = p."structureId" AND s."status" = 'ACTIVE'
      JOIN "UserAccount" u ON u."id" = p."userId"
      GROUP BY s."id"`,
  ]);
  return rows;
}

/** One structure's requests from the query's JSON, oldest first, each with its best message link. */
function readPendingEntries(
  structureId: string,
  slackChannelId: string | null,
  entries: string,
): PendingRequest[] {
  const requests = new Map<string, PendingRequest>();
  const copies = new Map<string, MessageCopy>();
  for (const entry of JSON.parse(entries) as PendingEntry[]) {
    const [type, id, createdAt, firstName, lastName, channelId, permalink, postedAt, spaces] = entry;
    let request = requests.get(id);
    if (!request) {
      request = {
        type,
        id,
        structureId,
        createdAt: new Date(epochMilliseconds(createdAt)),
        requesterName: `${firstName} ${lastName}`,
        // Alphabetical, each once (an item per service may repeat a space).
        spaces: spaces ? [...new Set(spaces)].sort() : [],
        permalink: null,
      };
      requests.set(id, request);
    }
    if (channelId && permalink && postedAt) {
      const copy = { channelId, permalink, postedAt: epochMilliseconds(postedAt) };
      const known = copies.get(id);
      const preferred = known ? preferredCopy(known, copy, slackChannelId) : copy;
      copies.set(id, preferred);
      request.permalink = preferred.permalink;
    }
  }
  return [...requests.values()].sort(oldestFirst);
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

/**
 * The columns of a structure's audience, for a query over "Structure" s: its managers as JSON
 * [[accountId, role], …], principal rows first.
 */
const AUDIENCE_COLUMNS = Prisma.sql`s."id"::text AS "id", s."identifier", s."designation", s."slackChannelId",
  (SELECT json_agg(json_build_array(a."userId", a."role") ORDER BY a."role", a."userId")
    FROM "Attachment" a
    WHERE a."structureId" = s."id" AND a."status" = 'VALIDATED'
      AND a."role" IN ('PRINCIPAL_MANAGER', 'SECONDARY_MANAGER')
      AND EXISTS (SELECT 1 FROM "UserAccount" mu WHERE mu."id" = a."userId" AND mu."status" = 'ACTIVE')
  )::text AS "managers"`;

type AudienceRow = Omit<StructureAudience, "managers"> & { managers: string | null };

function audienceOf({ managers, ...structure }: AudienceRow): StructureAudience {
  const rows = JSON.parse(managers ?? "[]") as [string, Role][];
  return { ...structure, managers: distinctManagers(rows.map(([accountId, role]) => ({ accountId, role }))) };
}

/** The audiences of many structures in one query (no query per structure). */
export async function findStructureAudiences(
  prisma: PrismaClient,
  structureIds: string[],
): Promise<Map<string, StructureAudience>> {
  if (structureIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<AudienceRow[]>`
    SELECT ${AUDIENCE_COLUMNS} FROM "Structure" s WHERE s."id" = ANY(${structureIds}::uuid[])`;
  return new Map(rows.map((row) => [row.id, audienceOf(row)]));
}
