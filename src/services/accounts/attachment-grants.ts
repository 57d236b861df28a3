import type { Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import type { ServiceRef } from "../../domain/requests.ts";
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

/**
 * Grants a validated attachment to the whole structure (`serviceIds` null) or to some services. One
 * role per user and structure: the new role applies to the attachments the user already had there,
 * except the principal role, which only a handover changes.
 */
export async function grantAttachments(
  tx: Tx,
  input: { userId: string; structureId: string; role: Role; startDate: Date; serviceIds: string[] | null },
): Promise<void> {
  const { userId, structureId, role, startDate } = input;
  for (const serviceId of input.serviceIds ?? [null]) {
    const scopeKey = scopeKeyOf(serviceId);
    await tx.attachment.upsert({
      where: { userId_structureId_scopeKey: { userId, structureId, scopeKey } },
      create: { userId, structureId, serviceId, scopeKey, role, startDate, status: "VALIDATED" },
      update: { role, status: "VALIDATED", startDate },
    });
  }
  await tx.attachment.updateMany({
    where: { userId, structureId, role: { not: "PRINCIPAL_MANAGER" } },
    data: { role },
  });
}
