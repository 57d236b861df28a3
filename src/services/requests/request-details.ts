import type { PrismaClient } from "../../db/database.ts";
import type { Tx } from "../../db/transaction.ts";
import type {
  AttachmentRequestDetails,
  Cancellation,
  Deactivation,
  DeciderRef,
  Expiry,
  Refusal,
  RequestDetails,
  RequestType,
  SubscriptionRequestDetails,
} from "../../domain/requests.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { ServiceContext } from "../context.ts";

type Db = PrismaClient | Tx;

const serviceFields = { select: { id: true, code: true, label: true }, orderBy: { code: "asc" } } as const;

/** The structure's fields a request shows. */
export const requestStructureFields = {
  id: true,
  identifier: true,
  designation: true,
  slackTeamId: true,
} as const;
/** The requester's fields a request shows. */
const requesterFields = {
  id: true,
  firstName: true,
  lastName: true,
  loginEmail: true,
  contactEmail: true,
} as const;

/** What both kinds of requests include: the structure, the requester and the decider. */
const commonInclude = {
  structure: { select: requestStructureFields },
  user: { select: requesterFields },
  decidedBy: { select: { firstName: true, lastName: true } },
} as const;

/** What an attachment request's details are read with (a caller may select more of its relations). */
export const attachmentRequestInclude = {
  ...commonInclude,
  requestedServices: serviceFields,
  grantedServices: serviceFields,
} satisfies Prisma.AttachmentRequestInclude;

/** What a subscription request's details are read with (a caller may select more of its relations). */
export const subscriptionRequestInclude = {
  ...commonInclude,
  items: {
    include: { service: { select: { id: true, code: true, label: true } } },
    orderBy: [{ space: "asc" as const }, { id: "asc" as const }],
  },
} satisfies Prisma.SubscriptionRequestInclude;

type AttachmentRequestRow = Prisma.AttachmentRequestGetPayload<{ include: typeof attachmentRequestInclude }>;
type SubscriptionRequestRow = Prisma.SubscriptionRequestGetPayload<{
  include: typeof subscriptionRequestInclude;
}>;

/** The structure and the requester as a request shows them, whatever more the row was read with. */
function sharedParts(row: AttachmentRequestRow | SubscriptionRequestRow) {
  const { structure, user } = row;
  return {
    structure: {
      id: structure.id,
      identifier: structure.identifier,
      designation: structure.designation,
      slackTeamId: structure.slackTeamId,
    },
    requester: {
      id: user.id,
      firstName: user.firstName,
      lastName: user.lastName,
      loginEmail: user.loginEmail,
      contactEmail: user.contactEmail,
    },
  };
}

interface DecisionColumns {
  status: string;
  decidedAt: Date | null;
  decidedBySlackUserId: string | null;
  refusalReason: string | null;
  decidedBy: { firstName: string; lastName: string } | null;
}

function deciderOf(row: DecisionColumns): DeciderRef {
  return {
    name: row.decidedBy ? `${row.decidedBy.firstName} ${row.decidedBy.lastName}` : "?",
    slackUserId: row.decidedBySlackUserId,
  };
}

function refusalOf(row: DecisionColumns): Refusal | null {
  if (row.status !== "REFUSED" || !row.decidedAt) return null;
  return { outcome: "REFUSED", by: deciderOf(row), at: row.decidedAt, reason: row.refusalReason ?? "" };
}

/** A subscription request the system closed (its requester detached), or null. */
function deactivationOf(row: DecisionColumns): Deactivation | null {
  return row.status === "DEACTIVATED" && row.decidedAt ? { outcome: "DEACTIVATED", at: row.decidedAt } : null;
}

/** A request its requester withdrew, or one that expired; otherwise null. */
function closureOf(row: DecisionColumns): Cancellation | Expiry | null {
  if (!row.decidedAt) return null;
  if (row.status === "CANCELLED") return { outcome: "CANCELLED", at: row.decidedAt };
  return row.status === "EXPIRED" ? { outcome: "EXPIRED", at: row.decidedAt } : null;
}

/** One attachment request as every view shows it; null when it does not exist. */
export async function findAttachmentRequestDetails(
  db: Db,
  requestId: string,
): Promise<AttachmentRequestDetails | null> {
  const row = isUuid(requestId)
    ? await db.attachmentRequest.findUnique({ where: { id: requestId }, include: attachmentRequestInclude })
    : null;
  return row && attachmentRequestDetailsOf(row);
}

/** An attachment request row, read with `attachmentRequestInclude`, as every view shows it. */
export function attachmentRequestDetailsOf(row: AttachmentRequestRow): AttachmentRequestDetails {
  const validated =
    row.status === "VALIDATED" && row.decidedAt && row.grantedRole
      ? {
          outcome: "VALIDATED" as const,
          by: deciderOf(row),
          at: row.decidedAt,
          role: row.grantedRole,
          wholeStructure: row.grantedWholeStructure ?? false,
          grantedServices: row.grantedServices,
          grantedSpaces: row.grantedSpaces,
          comment: row.decisionComment,
        }
      : null;
  return {
    type: "attachment",
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    comment: row.comment,
    ...sharedParts(row),
    requestedServices: row.requestedServices,
    decision: validated ?? refusalOf(row) ?? closureOf(row),
  };
}

/** One subscription request as every view shows it; null when it does not exist. */
export async function findSubscriptionRequestDetails(
  db: Db,
  requestId: string,
): Promise<SubscriptionRequestDetails | null> {
  const row = isUuid(requestId)
    ? await db.subscriptionRequest.findUnique({
        where: { id: requestId },
        include: subscriptionRequestInclude,
      })
    : null;
  return row && subscriptionRequestDetailsOf(row);
}

/** A subscription request row, read with `subscriptionRequestInclude`, as every view shows it. */
export function subscriptionRequestDetailsOf(row: SubscriptionRequestRow): SubscriptionRequestDetails {
  const validated =
    row.status === "VALIDATED" && row.decidedAt
      ? { outcome: "VALIDATED" as const, by: deciderOf(row), at: row.decidedAt, comment: row.decisionComment }
      : null;
  return {
    type: "subscription",
    id: row.id,
    status: row.status,
    createdAt: row.createdAt,
    comment: row.comment,
    origin: row.origin,
    ...sharedParts(row),
    items: row.items.map((item) => ({
      id: item.id,
      space: item.space,
      service: item.service,
      requestedAccess: item.requestedAccess,
      grantedAccess: item.grantedAccess,
    })),
    decision: validated ?? refusalOf(row) ?? deactivationOf(row) ?? closureOf(row),
  };
}

/**
 * Requests of one kind as every view shows them, in the order of `requestIds`; those that do not
 * exist are left out. One statement for a whole batch (a bulk decision).
 */
export async function findRequestDetailsList(
  db: Db,
  type: RequestType,
  requestIds: readonly string[],
): Promise<RequestDetails[]> {
  const where = { id: { in: requestIds.filter(isUuid) } };
  const found: RequestDetails[] =
    type === "attachment"
      ? (await db.attachmentRequest.findMany({ where, include: attachmentRequestInclude })).map(
          attachmentRequestDetailsOf,
        )
      : (await db.subscriptionRequest.findMany({ where, include: subscriptionRequestInclude })).map(
          subscriptionRequestDetailsOf,
        );
  const byId = new Map(found.map((request) => [request.id, request]));
  return requestIds.flatMap((id) => byId.get(id) ?? []);
}

/** A request of either kind, as every view shows it; null when it does not exist. */
export function findRequestDetails(
  db: Db,
  type: RequestType,
  requestId: string,
): Promise<RequestDetails | null> {
  return type === "attachment"
    ? findAttachmentRequestDetails(db, requestId)
    : findSubscriptionRequestDetails(db, requestId);
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from buttons, modals and URLs: anything that is not a UUID cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Requests of both kinds, as they are now, keeping those that carry a decision (what a requester is told). */
export async function loadDecidedRequests(
  ctx: ServiceContext,
  refs: readonly { requestType: RequestType; requestId: string }[],
): Promise<RequestDetails[]> {
  const found: RequestDetails[] = [];
  for (const type of ["attachment", "subscription"] as const) {
    const ids = refs.filter((ref) => ref.requestType === type).map((ref) => ref.requestId);
    if (ids.length > 0) found.push(...(await findRequestDetailsList(ctx.prisma, type, ids)));
  }
  return found.filter((request) => request.decision !== null);
}
