import type { PrismaClient } from "../db/database.ts";
import type { Tx } from "../db/transaction.ts";
import type { AttachmentRequestDetails, DeciderRef } from "../domain/attachment-request.ts";

const serviceFields = { select: { id: true, code: true, label: true }, orderBy: { code: "asc" } } as const;

const detailsInclude = {
  structure: { select: { id: true, identifier: true, designation: true } },
  user: { select: { id: true, firstName: true, lastName: true, loginEmail: true, contactEmail: true } },
  requestedServices: serviceFields,
  grantedServices: serviceFields,
  decidedBy: { select: { firstName: true, lastName: true } },
} as const;

/** Loads one attachment request as every view shows it; null when it does not exist. */
export async function findAttachmentRequestDetails(
  db: PrismaClient | Tx,
  requestId: string,
): Promise<AttachmentRequestDetails | null> {
  if (!isUuid(requestId)) return null;
  const row = await db.attachmentRequest.findUnique({ where: { id: requestId }, include: detailsInclude });
  if (!row) return null;
  const by: DeciderRef = {
    name: row.decidedBy ? `${row.decidedBy.firstName} ${row.decidedBy.lastName}` : "?",
    slackUserId: row.decidedBySlackUserId,
  };
  const decision =
    row.status === "VALIDATED" && row.decidedAt && row.grantedRole
      ? {
          outcome: "VALIDATED" as const,
          by,
          at: row.decidedAt,
          role: row.grantedRole,
          wholeStructure: row.grantedWholeStructure ?? false,
          grantedServices: row.grantedServices,
          comment: row.decisionComment,
        }
      : row.status === "REFUSED" && row.decidedAt
        ? { outcome: "REFUSED" as const, by, at: row.decidedAt, reason: row.refusalReason ?? "" }
        : null;
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    comment: row.comment,
    structure: row.structure,
    requester: row.user,
    requestedServices: row.requestedServices,
    decision,
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from buttons, modals and URLs: anything that is not a UUID cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
