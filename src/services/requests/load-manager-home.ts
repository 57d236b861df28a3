import type { PrismaClient } from "../../db/database.ts";
import type { PendingCount, StructurePending } from "../../domain/pending-requests.ts";
import { findManagedStructures } from "./list-manager-requests.ts";

const NONE: PendingCount = { count: 0, oldestAt: null };

type CountRow = { structureId: string; _count: { _all: number }; _min: { createdAt: Date | null } };

function byStructure(rows: CountRow[]): Map<string, PendingCount> {
  return new Map(
    rows.map((row) => [row.structureId, { count: row._count._all, oldestAt: row._min.createdAt }]),
  );
}

/**
 * What a manager's Home tab shows: each active structure where the account is an active principal or
 * secondary manager, with the pending requests of each kind and the oldest one's date. Three queries,
 * whatever the number of structures.
 */
export async function loadManagerHome(
  prisma: PrismaClient,
  manager: { accountId: string; teamId: string | null },
): Promise<StructurePending[]> {
  const structures = await findManagedStructures(prisma, manager);
  if (structures.length === 0) return [];
  const where = {
    structureId: { in: structures.map((structure) => structure.id) },
    status: "PENDING" as const,
  };
  const aggregate = { _count: { _all: true }, _min: { createdAt: true } } as const;
  // Awaited first: passed straight to byStructure, the contextual type confuses groupBy's inference.
  const attachmentRows = await prisma.attachmentRequest.groupBy({ by: ["structureId"], where, ...aggregate });
  const subscriptionRows = await prisma.subscriptionRequest.groupBy({
    by: ["structureId"],
    where,
    ...aggregate,
  });
  const attachment = byStructure(attachmentRows);
  const subscription = byStructure(subscriptionRows);
  return structures.map((structure) => ({
    structureId: structure.id,
    identifier: structure.identifier,
    designation: structure.designation,
    pending: {
      attachment: attachment.get(structure.id) ?? NONE,
      subscription: subscription.get(structure.id) ?? NONE,
    },
  }));
}
