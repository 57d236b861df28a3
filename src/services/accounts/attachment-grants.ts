import type { Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import type { ServiceRef } from "../../domain/requests.ts";
import { isoDay } from "../../domain/start-date.ts";
import type { Role } from "../../generated/prisma/enums.ts";

/** The structure's active services and what the account already holds there (validated). */
export interface AttachTargets {
  activeServices: ServiceRef[];
  alreadyAttached: { wholeStructure: boolean; services: ServiceRef[] };
}

/** What the account holds, from its validated attachments on the structure. */
export function alreadyAttachedOf(
  attachments: readonly { serviceId: string | null; service: ServiceRef | null }[],
): AttachTargets["alreadyAttached"] {
  return {
    wholeStructure: attachments.some((attachment) => attachment.serviceId === null),
    services: attachments.flatMap((attachment) => (attachment.service ? [attachment.service] : [])),
  };
}

/** Read before a validation or a manager-initiated attachment, to offer only what is not held yet. */
export async function loadAttachTargets(
  tx: Tx,
  structureId: string,
  userId: string | null,
): Promise<AttachTargets> {
  const activeServices = await tx.service.findMany({
    where: { structureId, active: true },
    select: { id: true, code: true, label: true },
    orderBy: { code: "asc" },
  });
  const attachments = userId
    ? await tx.attachment.findMany({
        where: { structureId, userId, status: "VALIDATED" },
        select: { serviceId: true, service: { select: { id: true, code: true, label: true } } },
      })
    : [];
  return { activeServices, alreadyAttached: alreadyAttachedOf(attachments) };
}

/** An attachment to grant: to the whole structure (`serviceIds` null) or to some services. */
export interface AttachmentGrantRow {
  userId: string;
  structureId: string;
  role: Role;
  startDate: Date;
  serviceIds: string[] | null;
}

/**
 * Grants attachments, a batch in two statements (written out: Prisma has no set-based upsert):
 * validated, or "à venir" (UPCOMING) when their start date is after `today` (the Paris day), in
 * which case they grant nothing until then (jobs/start-upcoming-attachments.ts). One role per user
 * and structure: an effective grant's role applies to the attachments the user already had there,
 * except the principal role, which only a handover changes.
 */
export async function grantAttachments(
  tx: Tx,
  grants: readonly AttachmentGrantRow[],
  today: Date,
): Promise<void> {
  if (grants.length === 0) return;
  const upcoming = (grant: AttachmentGrantRow) => grant.startDate.getTime() > today.getTime();
  // One row per attachment, the last granted winning (an upsert cannot touch a row twice).
  const byKey = new Map(
    grants.flatMap((grant) =>
      (grant.serviceIds ?? [null]).map((serviceId) => {
        const row = { ...grant, serviceId, scopeKey: scopeKeyOf(serviceId) };
        return [`${row.userId}|${row.structureId}|${row.scopeKey}`, row] as const;
      }),
    ),
  );
  const rows = [...byKey.values()];
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await tx.$executeRaw`
    INSERT INTO "Attachment" ("id", "userId", "structureId", "serviceId", "scopeKey", "role", "startDate",
      "status", "updatedAt")
    SELECT gen_random_uuid(), "g"."userId", "g"."structureId", "g"."serviceId", "g"."scopeKey",
      "g"."role"::"Role", "g"."startDate", "g"."status"::"AttachmentStatus", now()
    FROM unnest(${column((row) => row.userId)}::uuid[], ${column((row) => row.structureId)}::uuid[],
      ${column((row) => row.serviceId)}::uuid[], ${column((row) => row.scopeKey)}::text[],
      ${column((row) => row.role)}::text[], ${column((row) => isoDay(row.startDate))}::date[],
      ${column((row) => (upcoming(row) ? "UPCOMING" : "VALIDATED"))}::text[])
      AS "g"("userId", "structureId", "serviceId", "scopeKey", "role", "startDate", "status")
    ON CONFLICT ("userId", "structureId", "scopeKey") DO UPDATE
      SET "role" = EXCLUDED."role", "status" = EXCLUDED."status", "startDate" = EXCLUDED."startDate",
        "updatedAt" = now()`;
  await applyRoles(
    tx,
    grants.filter((grant) => !upcoming(grant)),
  );
}

/**
 * One role per user and structure: `role` applies to every attachment the user holds there, except
 * the principal role, which only a handover changes.
 */
export async function applyRoles(
  tx: Tx,
  grants: readonly { userId: string; structureId: string; role: Role }[],
): Promise<void> {
  if (grants.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Attachment" AS "a" SET "role" = "g"."role"::"Role", "updatedAt" = now()
    FROM unnest(${grants.map((grant) => grant.userId)}::uuid[], ${grants.map((grant) => grant.structureId)}::uuid[],
      ${grants.map((grant) => grant.role)}::text[]) AS "g"("userId", "structureId", "role")
    WHERE "a"."userId" = "g"."userId" AND "a"."structureId" = "g"."structureId"
      AND "a"."role" <> 'PRINCIPAL_MANAGER'`;
}
