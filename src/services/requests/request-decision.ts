import type { Tx } from "../../db/transaction.ts";
import type {
  AttachmentRequestDetails,
  RequestDetails,
  RequestType,
  ServiceRef,
  SubscriptionRequestDetails,
} from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { HistoryAction, RequestStatus, Role } from "../../generated/prisma/enums.ts";
import { formatDateTime, type Messages } from "../../i18n/index.ts";
import { decisionEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import { type AttachTargets, alreadyAttachedOf } from "../accounts/attachment-grants.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { checkManagerRole, rolesHeldBy } from "../structures/manager-access.ts";
import { enqueueHomeRefresh } from "./home-refresh.ts";
import {
  attachmentRequestDetailsOf,
  findRequestDetails,
  isUuid,
  requestStructureFields,
  subscriptionRequestDetailsOf,
  subscriptionRequestInclude,
} from "./request-details.ts";

/** "Cette demande a déjà été traitée (validée) par … le …", for a click on a decided request. */
export function alreadyDecidedError(messages: Messages, request: RequestDetails): AppError {
  const decision = request.decision;
  const outcome =
    decision?.outcome === "REFUSED" ? messages.errors.outcomeRefused : messages.errors.outcomeValidated;
  const who = decision?.by.name ?? "?";
  const when = decision ? formatDateTime(messages, decision.at) : "?";
  return new AppError("already_decided", messages.errors.alreadyDecided(outcome, who, when));
}

/** Services as AttachTargets and the request list them: a JSON array ordered by code. */
const servicesJson = (alias: string) =>
  Prisma.raw(`COALESCE(json_agg(json_build_object('id', "${alias}"."id", 'code', "${alias}"."code",
    'label', "${alias}"."label") ORDER BY "${alias}"."code") FILTER (WHERE "${alias}"."id" IS NOT NULL), '[]')`);

/** An attachment request row as `attachmentRequestInclude` reads it, with what a decider needs more. */
type DecidableAttachmentRow = Parameters<typeof attachmentRequestDetailsOf>[0] & {
  deciderRoles: Role[];
  activeServices: ServiceRef[];
  heldByRequester: { serviceId: string | null; service: ServiceRef | null }[];
};

/**
 * The request with its structure, requester, decider and services, the roles `accountId` holds on
 * the structure (rolesHeldBy), the structure's active services and the requester's validated
 * attachments there. One statement written out: it is read on every click on "Valider" or
 * "Refuser", a burst of clicks must open its modals within the 3 s of Slack's trigger_id, and
 * Prisma's query compiler spends some 3 ms of CPU building this read each time (0.4 ms by hand).
 */
async function readDecidableAttachmentRequest(
  tx: Tx,
  requestId: string,
  accountId: string,
): Promise<DecidableAttachmentRow | null> {
  const [row] = await tx.$queryRaw<DecidableAttachmentRow[]>`
    SELECT "r"."id", "r"."structureId", "r"."userId", "r"."origin"::text AS "origin", "r"."comment",
      "r"."status"::text AS "status", "r"."pendingKey", "r"."grantedRole"::text AS "grantedRole",
      "r"."grantedWholeStructure", "r"."decidedById", "r"."decidedBySlackUserId", "r"."decisionComment",
      "r"."refusalReason", "r"."decidedAt", "r"."createdAt",
      json_build_object('id', "s"."id", 'identifier', "s"."identifier", 'designation', "s"."designation",
        'slackTeamId', "s"."slackTeamId") AS "structure",
      json_build_object('id', "u"."id", 'firstName', "u"."firstName", 'lastName', "u"."lastName",
        'loginEmail', "u"."loginEmail", 'contactEmail', "u"."contactEmail") AS "user",
      CASE WHEN "d"."id" IS NULL THEN NULL
        ELSE json_build_object('firstName', "d"."firstName", 'lastName', "d"."lastName") END AS "decidedBy",
      (SELECT ${servicesJson("v")} FROM "_RequestedServices" AS "l"
        JOIN "Service" AS "v" ON "v"."id" = "l"."B" WHERE "l"."A" = "r"."id") AS "requestedServices",
      (SELECT ${servicesJson("v")} FROM "_GrantedServices" AS "l"
        JOIN "Service" AS "v" ON "v"."id" = "l"."B" WHERE "l"."A" = "r"."id") AS "grantedServices",
      ARRAY(SELECT "a"."role"::text FROM "Attachment" AS "a" JOIN "UserAccount" AS "m" ON "m"."id" = "a"."userId"
        WHERE "a"."structureId" = "r"."structureId" AND "a"."userId" = ${accountId}::uuid
          AND "a"."status" = 'VALIDATED' AND "m"."status" = 'ACTIVE') AS "deciderRoles",
      (SELECT ${servicesJson("v")} FROM "Service" AS "v"
        WHERE "v"."structureId" = "r"."structureId" AND "v"."active") AS "activeServices",
      (SELECT COALESCE(json_agg(json_build_object('serviceId', "a"."serviceId", 'service',
          CASE WHEN "v"."id" IS NULL THEN NULL
            ELSE json_build_object('id', "v"."id", 'code', "v"."code", 'label', "v"."label") END)), '[]')
        FROM "Attachment" AS "a" LEFT JOIN "Service" AS "v" ON "v"."id" = "a"."serviceId"
        WHERE "a"."structureId" = "r"."structureId" AND "a"."userId" = "r"."userId"
          AND "a"."status" = 'VALIDATED') AS "heldByRequester"
    FROM "AttachmentRequest" AS "r"
    JOIN "Structure" AS "s" ON "s"."id" = "r"."structureId"
    JOIN "UserAccount" AS "u" ON "u"."id" = "r"."userId"
    LEFT JOIN "UserAccount" AS "d" ON "d"."id" = "r"."decidedById"
    WHERE "r"."id" = ${requestId}::uuid`;
  return row ?? null;
}

/**
 * An attachment request a manager is about to decide (it must exist, be theirs to decide, and be
 * pending) and what its validation may grant: the structure's active services, what the requester
 * already holds there. One statement (readDecidableAttachmentRequest).
 */
export async function loadDecidableAttachmentRequest(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestId: string,
): Promise<{ request: AttachmentRequestDetails; targets: AttachTargets }> {
  const row = isUuid(requestId) ? await readDecidableAttachmentRequest(tx, requestId, actor.accountId) : null;
  if (!row) throw new AppError("not_found", messages.errors.requestNotFound);
  const request = attachmentRequestDetailsOf(row);
  checkManagerRole(messages, actor, request.structure, row.deciderRoles);
  if (request.status !== "PENDING") throw alreadyDecidedError(messages, request);
  const targets = {
    activeServices: row.activeServices,
    alreadyAttached: alreadyAttachedOf(row.heldByRequester),
  };
  return { request, targets };
}

/** A subscription request a manager is about to decide, in one statement (see the attachment's). */
export async function loadDecidableSubscriptionRequest(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestId: string,
): Promise<SubscriptionRequestDetails> {
  const row = isUuid(requestId)
    ? await tx.subscriptionRequest.findUnique({
        where: { id: requestId },
        include: {
          ...subscriptionRequestInclude,
          structure: {
            select: {
              ...requestStructureFields,
              attachments: { where: rolesHeldBy(actor.accountId), select: { role: true } },
            },
          },
        },
      })
    : null;
  if (!row) throw new AppError("not_found", messages.errors.requestNotFound);
  const request = subscriptionRequestDetailsOf(row);
  checkManagerRole(
    messages,
    actor,
    row.structure,
    row.structure.attachments.map((attachment) => attachment.role),
  );
  if (request.status !== "PENDING") throw alreadyDecidedError(messages, request);
  return request;
}

/** Loads a request of either kind a manager is about to decide: it must exist, be theirs to decide, and be pending. */
export async function loadDecidableRequest<T extends RequestType>(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  target: { type: T; requestId: string },
): Promise<Extract<RequestDetails, { type: T }>> {
  const request =
    target.type === "attachment"
      ? (await loadDecidableAttachmentRequest(tx, messages, actor, target.requestId)).request
      : await loadDecidableSubscriptionRequest(tx, messages, actor, target.requestId);
  return request as Extract<RequestDetails, { type: T }>;
}

/** The decision columns both kinds of requests share. */
interface DecisionOutcome {
  status: Exclude<RequestStatus, "PENDING">;
  refusalReason?: string;
  decisionComment?: string | null;
}

/**
 * Records the decision with a conditional update on the pending status: of two concurrent decisions
 * (double submission, two managers) exactly one passes; the other gets "déjà traitée" and its
 * transaction is rolled back.
 */
export async function claimPendingRequest(
  tx: Tx,
  messages: Messages,
  request: RequestDetails,
  decision: { actor: Actor; at: Date; outcome: DecisionOutcome },
): Promise<void> {
  const where = { id: request.id, status: "PENDING" as const };
  const data = {
    ...decision.outcome,
    decidedById: decision.actor.accountId,
    decidedBySlackUserId: decision.actor.slackUserId,
    decidedAt: decision.at,
  };
  const claimed =
    request.type === "attachment"
      ? await tx.attachmentRequest.updateMany({ where, data: { ...data, pendingKey: null } })
      : await tx.subscriptionRequest.updateMany({ where, data });
  if (claimed.count === 0) {
    const current = await findRequestDetails(tx, request.type, request.id);
    throw alreadyDecidedError(messages, current ?? request);
  }
}

/** How a decision is announced; the defaults suit a decision taken alone. */
export interface DecisionOptions {
  /** False in a bulk decision: the requester gets one e-mail for all their requests at the end. */
  emailRequester?: boolean;
  /** More writes to make in the decision's transaction (a bulk run records each item's outcome). */
  alsoInTransaction?: (tx: Tx, decided: RequestDetails) => Promise<void>;
}

/**
 * What follows every decision, in its transaction: the history entry, the requester's e-mail, the
 * refresh of every Slack message showing the request and of the managers' Home tabs. Returns the
 * request as decided.
 */
export async function recordDecision(
  tx: Tx,
  messages: Messages,
  input: {
    request: RequestDetails;
    actor: Actor;
    action: HistoryAction;
    comment: string | null;
    details: Prisma.InputJsonObject;
    at: Date;
  },
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const { type, id } = input.request;
  const decided = await findRequestDetails(tx, type, id);
  if (!decided) throw new Error(`${type} request ${id} vanished during its decision`);
  await appendHistory(tx, {
    structureId: decided.structure.id,
    action: input.action,
    actorId: input.actor.accountId,
    actorSlackUserId: input.actor.slackUserId,
    targetUserId: decided.requester.id,
    ...(type === "attachment" ? { attachmentRequestId: id } : { subscriptionRequestId: id }),
    comment: input.comment,
    details: input.details,
    createdAt: input.at,
  });
  if (options.emailRequester ?? true) await enqueueDelivery(tx, "EMAIL", decisionEmail(messages, decided));
  await enqueueDelivery(tx, "SLACK_REFRESH_REQUEST", { requestType: type, requestId: id });
  await enqueueHomeRefresh(tx, decided.structure.id);
  await options.alsoInTransaction?.(tx, decided);
  return decided;
}

/** After a decision's commit: wakes the outbox worker and counts the decision on /metrics. */
export function decisionCommitted(
  ctx: ServiceContext,
  decided: RequestDetails,
  options: DecisionOptions,
): void {
  ctx.outboxWritten();
  ctx.metrics.decisions.inc({
    request_type: decided.type,
    decision: decided.status === "REFUSED" ? "refused" : "validated",
    // Only a bulk run asks for no e-mail per decision (one per requester at the end).
    mode: options.emailRequester === false ? "bulk" : "single",
  });
}
