import type { Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import { defaultSpaces, isSpaceAllowed } from "../../domain/role-spaces.ts";
import { strongestRole } from "../../domain/roles.ts";
import { type Role, Space } from "../../generated/prisma/enums.ts";
import { appendHistoryEntries, type NewHistoryEntry } from "../history/history.ts";

/** A user's attachment just granted or changed on a structure: the scope it opened (null: whole). */
export interface AttachmentChange extends UserOnStructure {
  serviceIds: string[] | null;
}

/** What aligning one user's subscriptions on one structure with their role did. */
export interface AlignedSpaces {
  userId: string;
  structureId: string;
  /** The role they now hold there (the strongest of their validated attachments). */
  role: Role | null;
  /** The default spaces of that role on the scopes just opened: what the attachment opens (see defaultSpaces). */
  opened: Space[];
  /** Those of them that were not active yet and are now. */
  granted: Space[];
  /** Active subscriptions the role no longer allows, now deactivated. */
  deactivated: Space[];
}

const ALL_SPACES = Object.values(Space);

function pairKey(userId: string, structureId: string): string {
  return `${userId}|${structureId}`;
}

/** A user on a structure. */
export interface UserOnStructure {
  userId: string;
  structureId: string;
}

/**
 * The role each user holds on each structure: the strongest of their validated attachments there
 * (null: not attached). Read by `roleOn`.
 */
export async function loadHeldRoles(
  tx: Tx,
  pairs: readonly UserOnStructure[],
): Promise<(pair: UserOnStructure) => Role | null> {
  const attachments = pairs.length
    ? await tx.attachment.findMany({
        where: {
          structureId: { in: [...new Set(pairs.map((pair) => pair.structureId))] },
          userId: { in: [...new Set(pairs.map((pair) => pair.userId))] },
          status: "VALIDATED",
        },
        select: { userId: true, structureId: true, role: true },
      })
    : [];
  const rolesOf = new Map<string, Role[]>();
  for (const { userId, structureId, role } of attachments) {
    const key = pairKey(userId, structureId);
    rolesOf.set(key, [...(rolesOf.get(key) ?? []), role]);
  }
  return (pair) => strongestRole(rolesOf.get(pairKey(pair.userId, pair.structureId)) ?? []);
}

/**
 * After attachments are granted or roles changed, in the same transaction: subscribes each user to
 * the default spaces of the role they now hold on the structure's spaces, on the scope just opened
 * (unless a subscription for all services already gives them), in modification; and deactivates
 * the subscriptions their role no longer allows. A few statements for a whole batch. Writes no
 * history: see {@link alignmentHistory}.
 */
export async function alignSubscriptionsWithRoles(
  tx: Tx,
  changes: readonly AttachmentChange[],
): Promise<AlignedSpaces[]> {
  if (changes.length === 0) return [];
  const structureIds = [...new Set(changes.map((change) => change.structureId))];
  const structures = await tx.structure.findMany({
    where: { id: { in: structureIds } },
    select: { id: true, spaces: true },
  });
  const serviceIds = [...new Set(changes.flatMap((change) => change.serviceIds ?? []))];
  const services = serviceIds.length
    ? await tx.service.findMany({ where: { id: { in: serviceIds } }, select: { id: true, spaces: true } })
    : [];
  const roleOf = await loadHeldRoles(tx, changes);
  // A scope opens the spaces its structure uses, or those its service uses (see Service.spaces).
  const spacesOf = new Map([...structures, ...services].map((scope) => [scope.id, scope.spaces]));
  const aligned = new Map<string, AlignedSpaces>();
  const grants: { userId: string; structureId: string; serviceId: string | null; space: Space }[] = [];
  const forbidden: { userId: string; structureId: string; space: Space }[] = [];
  for (const change of changes) {
    const { userId, structureId } = change;
    const key = pairKey(userId, structureId);
    const role = roleOf(change);
    let entry = aligned.get(key);
    if (!entry) {
      entry = { userId, structureId, role, opened: [], granted: [], deactivated: [] };
      aligned.set(key, entry);
      for (const space of ALL_SPACES.filter((candidate) => !isSpaceAllowed(role, candidate)))
        forbidden.push({ userId, structureId, space });
    }
    for (const serviceId of change.serviceIds ?? [null]) {
      const opened = role ? defaultSpaces(role, spacesOf.get(serviceId ?? structureId) ?? []) : [];
      for (const space of opened) {
        grants.push({ userId, structureId, serviceId, space });
        if (!entry.opened.includes(space)) entry.opened.push(space);
      }
    }
  }
  const column = <R, T>(rows: readonly R[], pick: (row: R) => T) => rows.map(pick);
  // Raw: Prisma has no set-based upsert, nor a conditional one that says which rows it changed.
  const granted = grants.length
    ? await tx.$queryRaw<{ userId: string; structureId: string; space: Space }[]>`
        INSERT INTO "Subscription" ("id", "userId", "structureId", "serviceId", "scopeKey", "space", "access",
          "updatedAt")
        SELECT gen_random_uuid(), "g"."userId", "g"."structureId", "g"."serviceId", "g"."scopeKey",
          "g"."space"::"Space", 'MODIFICATION', now()
        FROM unnest(${column(grants, (row) => row.userId)}::uuid[],
          ${column(grants, (row) => row.structureId)}::uuid[], ${column(grants, (row) => row.serviceId)}::uuid[],
          ${column(grants, (row) => scopeKeyOf(row.serviceId))}::text[], ${column(grants, (row) => row.space)}::text[])
          AS "g"("userId", "structureId", "serviceId", "scopeKey", "space")
        WHERE NOT EXISTS (SELECT 1 FROM "Subscription" AS "w" WHERE "w"."userId" = "g"."userId"
          AND "w"."structureId" = "g"."structureId" AND "w"."scopeKey" = '*'
          AND "w"."space" = "g"."space"::"Space" AND "w"."status" = 'ACTIVE')
        ON CONFLICT ("userId", "structureId", "scopeKey", "space") DO UPDATE
          SET "status" = 'ACTIVE', "access" = 'MODIFICATION', "updatedAt" = now()
          WHERE "Subscription"."status" <> 'ACTIVE'
        RETURNING "userId"::text, "structureId"::text, "space"::text AS "space"`
    : [];
  const deactivated = forbidden.length
    ? await tx.$queryRaw<{ userId: string; structureId: string; space: Space }[]>`
        UPDATE "Subscription" AS "s" SET "status" = 'DEACTIVATED', "updatedAt" = now()
        FROM unnest(${column(forbidden, (row) => row.userId)}::uuid[],
          ${column(forbidden, (row) => row.structureId)}::uuid[], ${column(forbidden, (row) => row.space)}::text[])
          AS "f"("userId", "structureId", "space")
        WHERE "s"."userId" = "f"."userId" AND "s"."structureId" = "f"."structureId"
          AND "s"."space" = "f"."space"::"Space" AND "s"."status" = 'ACTIVE'
        RETURNING "s"."userId"::text, "s"."structureId"::text, "s"."space"::text AS "space"`
    : [];
  const collect = (rows: typeof granted, list: "granted" | "deactivated") => {
    for (const row of rows) {
      const entry = aligned.get(pairKey(row.userId, row.structureId));
      if (entry && !entry[list].includes(row.space)) entry[list].push(row.space);
    }
  };
  collect(granted, "granted");
  collect(deactivated, "deactivated");
  return [...aligned.values()];
}

/** Who changed the attachments, for the history lines of the alignment. */
export interface AlignmentAuthor {
  actorId: string | null;
  actorSlackUserId: string | null;
  at: Date;
}

/**
 * The history lines of an alignment: "Abonnement aux espaces par défaut" for the spaces it opened,
 * "Désactivation de l'abonnement" for those the new role no longer allows.
 */
export function alignmentHistory(aligned: readonly AlignedSpaces[], by: AlignmentAuthor): NewHistoryEntry[] {
  const sorted = (spaces: Space[]) => [...spaces].sort();
  return aligned.flatMap(({ userId, structureId, role, granted, deactivated }) => {
    const line = {
      structureId,
      actorId: by.actorId,
      actorSlackUserId: by.actorSlackUserId,
      targetUserId: userId,
      createdAt: by.at,
    };
    return [
      ...(granted.length > 0
        ? [
            {
              ...line,
              action: "DEFAULT_SUBSCRIPTIONS_GRANTED" as const,
              details: { spaces: sorted(granted) },
            },
          ]
        : []),
      ...(deactivated.length > 0
        ? [
            {
              ...line,
              action: "SUBSCRIPTION_DEACTIVATED" as const,
              details: { spaces: sorted(deactivated), role },
            },
          ]
        : []),
    ];
  });
}

/** {@link alignSubscriptionsWithRoles}, then its history lines. */
export async function alignAndRecordSubscriptions(
  tx: Tx,
  changes: readonly AttachmentChange[],
  by: AlignmentAuthor,
): Promise<AlignedSpaces[]> {
  const aligned = await alignSubscriptionsWithRoles(tx, changes);
  await appendHistoryEntries(tx, alignmentHistory(aligned, by));
  return aligned;
}
