import type { Tx } from "../../db/transaction.ts";
import type {
  AttachmentRequestDetails,
  RequestDetails,
  RequestType,
  ServiceRef,
  SubscriptionRequestDetails,
} from "../../domain/requests.ts";
import { requestColumn } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { HistoryAction, RequestStatus, Role } from "../../generated/prisma/enums.ts";
import { formatDateTime, type Messages } from "../../i18n/index.ts";
import { decisionEmail } from "../../notify/emails.ts";
import { enqueueDeliveries, type OutboxPayloads, type QueuedDelivery } from "../../notify/outbox.ts";
import { type AttachTargets, alreadyAttachedOf } from "../accounts/attachment-grants.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistoryEntries, type NewHistoryEntry } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { checkManagerRole, rolesHeldBy } from "../structures/manager-access.ts";
import { enqueueHomeRefresh } from "./home-refresh.ts";
import {
  attachmentRequestDetailsOf,
  findRequestDetails,
  findRequestDetailsList,
  isUuid,
  requestStructureFields,
  subscriptionRequestDetailsOf,
  subscriptionRequestInclude,
} from "./request-details.ts";
import { queueWorkflowStepCompletions } from "./workflow-step-completions.ts";

/** "Cette demande a déjà été traitée (validée) par … le …", for a click on a decided request. */
export function alreadyDecidedError(messages: Messages, request: RequestDetails): AppError {
  const decision = request.decision;
  if (decision?.outcome === "DEACTIVATED") {
    return new AppError(
      "already_decided",
      messages.errors.alreadyDeactivated(formatDateTime(messages, decision.at)),
    );
  }
  if (decision?.outcome === "CANCELLED" || decision?.outcome === "EXPIRED") {
    const closed =
      decision.outcome === "CANCELLED" ? messages.errors.alreadyCancelled : messages.errors.alreadyExpired;
    return new AppError("already_decided", closed(formatDateTime(messages, decision.at)));
  }
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
 * The requests with their structure, requester, decider and services, the roles `accountId` holds
 * on each structure (rolesHeldBy), the structure's active services and the requester's validated
 * attachments there. One statement written out: it is read on every click on "Valider" or
 * "Refuser", a burst of clicks must open its modals within the 3 s of Slack's trigger_id, and
 * Prisma's query compiler spends some 3 ms of CPU building this read each time (0.4 ms by hand);
 * a bulk decision reads a whole batch with it.
 */
async function readDecidableAttachmentRequests(
  tx: Tx,
  requestIds: readonly string[],
  accountId: string,
): Promise<DecidableAttachmentRow[]> {
  return tx.$queryRaw<DecidableAttachmentRow[]>`
    SELECT "r"."id", "r"."structureId", "r"."userId", "r"."origin"::text AS "origin", "r"."comment",
      "r"."status"::text AS "status", "r"."pendingKey", "r"."grantedRole"::text AS "grantedRole",
      "r"."grantedWholeStructure", "r"."grantedSpaces"::text[] AS "grantedSpaces", "r"."decidedById", "r"."decidedBySlackUserId", "r"."decisionComment",
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
    WHERE "r"."id" = ANY(${requestIds.filter(isUuid)}::uuid[])`;
}

/** What {@link loadDecidableAttachmentRequests} gives for one request it may decide. */
export interface DecidableAttachmentRequest {
  request: AttachmentRequestDetails;
  targets: AttachTargets;
}

/** Each request the actor may decide, or the error that says why not (missing, not theirs, decided). */
type Decidable<T> = Map<string, T | AppError>;

/** The answer for a request id: what was loaded, or why it cannot be decided. */
function decidableOrThrow<T>(decidable: Decidable<T>, requestId: string): T {
  const found = decidable.get(requestId);
  if (found === undefined) throw new Error(`request ${requestId} was not judged`);
  if (found instanceof AppError) throw found;
  return found;
}

/** The manager's right to decide and the pending status, checked alike for both kinds. */
function judge<T>(
  messages: Messages,
  actor: Actor,
  request: RequestDetails,
  deciderRoles: Role[],
  loaded: T,
): T | AppError {
  try {
    checkManagerRole(messages, actor, request.structure, deciderRoles);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return request.status === "PENDING" ? loaded : alreadyDecidedError(messages, request);
}

/** Missing requests: not found. */
function withMissing<T>(
  messages: Messages,
  type: RequestType,
  requestIds: readonly string[],
  judged: Decidable<T>,
): Decidable<T> {
  for (const id of requestIds) {
    if (!judged.has(id)) judged.set(id, new AppError("not_found", messages.errors.requestNotFound[type]));
  }
  return judged;
}

/**
 * Attachment requests a manager is about to decide (each must exist, be theirs to decide, and be
 * pending) and what each validation may grant: the structure's active services, what the requester
 * already holds there. One statement for all (readDecidableAttachmentRequests).
 */
export async function loadDecidableAttachmentRequests(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestIds: readonly string[],
): Promise<Decidable<DecidableAttachmentRequest>> {
  const rows = await readDecidableAttachmentRequests(tx, requestIds, actor.accountId);
  const judged: Decidable<DecidableAttachmentRequest> = new Map();
  for (const row of rows) {
    const request = attachmentRequestDetailsOf(row);
    const targets = {
      activeServices: row.activeServices,
      alreadyAttached: alreadyAttachedOf(row.heldByRequester),
    };
    judged.set(row.id, judge(messages, actor, request, row.deciderRoles, { request, targets }));
  }
  return withMissing(messages, "attachment", requestIds, judged);
}

/** One attachment request a manager is about to decide: see {@link loadDecidableAttachmentRequests}. */
export async function loadDecidableAttachmentRequest(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestId: string,
): Promise<DecidableAttachmentRequest> {
  return decidableOrThrow(await loadDecidableAttachmentRequests(tx, messages, actor, [requestId]), requestId);
}

/** Subscription requests a manager is about to decide, in one statement (see the attachments'). */
export async function loadDecidableSubscriptionRequests(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestIds: readonly string[],
): Promise<Decidable<SubscriptionRequestDetails>> {
  const rows = await tx.subscriptionRequest.findMany({
    where: { id: { in: requestIds.filter(isUuid) } },
    include: {
      ...subscriptionRequestInclude,
      structure: {
        select: {
          ...requestStructureFields,
          attachments: { where: rolesHeldBy(actor.accountId), select: { role: true } },
        },
      },
    },
  });
  const judged: Decidable<SubscriptionRequestDetails> = new Map();
  for (const row of rows) {
    const request = subscriptionRequestDetailsOf(row);
    const roles = row.structure.attachments.map((attachment) => attachment.role);
    judged.set(row.id, judge(messages, actor, request, roles, request));
  }
  return withMissing(messages, "subscription", requestIds, judged);
}

/** Loads a request of either kind a manager is about to decide: it must exist, be theirs to decide, and be pending. */
export async function loadDecidableRequest<T extends RequestType>(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  target: { type: T; requestId: string },
): Promise<Extract<RequestDetails, { type: T }>> {
  const { requestId } = target;
  const request =
    target.type === "attachment"
      ? (await loadDecidableAttachmentRequest(tx, messages, actor, requestId)).request
      : decidableOrThrow(
          await loadDecidableSubscriptionRequests(tx, messages, actor, [requestId]),
          requestId,
        );
  return request as Extract<RequestDetails, { type: T }>;
}

/** The decision columns both kinds of requests share. */
interface DecisionOutcome {
  status: Exclude<RequestStatus, "PENDING">;
  refusalReason?: string;
  decisionComment?: string | null;
}

/** Who decides, when, and how: the same for every request of a batch. */
export interface Decision {
  actor: Actor;
  at: Date;
  outcome: DecisionOutcome;
}

/**
 * Records the decision on requests of one kind with one conditional update on the pending status,
 * and returns the ids it claimed: of two concurrent decisions on a request (double submission, two
 * managers, a bulk run) exactly one claims it.
 */
export async function claimPendingRequests(
  tx: Tx,
  type: RequestType,
  requestIds: readonly string[],
  decision: Decision,
): Promise<Set<string>> {
  const where = { id: { in: [...requestIds] }, status: "PENDING" as const };
  const data = {
    ...decision.outcome,
    decidedById: decision.actor.accountId,
    decidedBySlackUserId: decision.actor.slackUserId,
    decidedAt: decision.at,
  };
  const select = { id: true } as const;
  const claimed =
    type === "attachment"
      ? await tx.attachmentRequest.updateManyAndReturn({ where, data: { ...data, pendingKey: null }, select })
      : await tx.subscriptionRequest.updateManyAndReturn({ where, data, select });
  return new Set(claimed.map((row) => row.id));
}

/**
 * One request: the other decision that took it first gets "déjà traitée" and its transaction is
 * rolled back.
 */
export async function claimPendingRequest(
  tx: Tx,
  messages: Messages,
  request: RequestDetails,
  decision: Decision,
): Promise<void> {
  const claimed = await claimPendingRequests(tx, request.type, [request.id], decision);
  if (!claimed.has(request.id)) throw await alreadyDecidedNow(tx, messages, request);
}

/** "Déjà traitée", with the decision that took the request first, as it now reads. */
export async function alreadyDecidedNow(
  tx: Tx,
  messages: Messages,
  request: RequestDetails,
): Promise<AppError> {
  const current = await findRequestDetails(tx, request.type, request.id);
  return alreadyDecidedError(messages, current ?? request);
}

/** How a decision is announced; the defaults suit a decision taken alone. */
export interface DecisionOptions {
  /** False in a bulk decision: the requester gets one e-mail for all their requests at the end. */
  emailRequester?: boolean;
  /** More writes to make in the decision's transaction (a bulk run records each item's outcome). */
  alsoInTransaction?: (tx: Tx, decided: RequestDetails) => Promise<void>;
}

/** What a decision is recorded with: its request, who took it, and its history line. */
export interface DecisionRecord {
  request: RequestDetails;
  /** Null: closed by the system (a detached requester's subscription requests). */
  actor: Actor | null;
  action: HistoryAction;
  comment: string | null;
  details: Prisma.InputJsonObject;
  at: Date;
  /** Lines the decision caused, recorded right after its own (the spaces a validation opened). */
  followingHistory?: readonly NewHistoryEntry[];
}

/**
 * What follows decisions, in their transaction: the history entries, the requesters' e-mails, the
 * refresh of every Slack message showing the requests and of the managers' Home tabs, the completion
 * of the Workflow Builder steps waiting for them. A few
 * statements for a whole batch. Returns the requests as decided.
 */
export async function recordDecisions(
  tx: Tx,
  messages: Messages,
  records: readonly DecisionRecord[],
  options: DecisionOptions = {},
): Promise<RequestDetails[]> {
  const decided: RequestDetails[] = [];
  for (const type of ["attachment", "subscription"] as const) {
    const ids = records.filter((record) => record.request.type === type).map((record) => record.request.id);
    if (ids.length > 0) decided.push(...(await findRequestDetailsList(tx, type, ids)));
  }
  const byId = new Map(decided.map((request) => [request.id, request]));
  const recorded = records.map((record) => {
    const request = byId.get(record.request.id);
    if (!request) throw new Error(`request ${record.request.id} vanished during its decision`);
    return { record, request };
  });
  await appendHistoryEntries(
    tx,
    recorded.flatMap(({ record, request }) => [
      {
        structureId: request.structure.id,
        action: record.action,
        actorId: record.actor?.accountId ?? null,
        actorSlackUserId: record.actor?.slackUserId ?? null,
        targetUserId: request.requester.id,
        ...requestColumn(request),
        comment: record.comment,
        details: record.details,
        createdAt: record.at,
      },
      ...(record.followingHistory ?? []),
    ]),
  );
  await enqueueDeliveries(
    tx,
    recorded.flatMap(({ request }): QueuedDelivery[] => [
      ...((options.emailRequester ?? true)
        ? [
            { kind: "EMAIL" as const, payload: decisionEmail(messages, request) },
            { kind: "SLACK_TELL_REQUESTER" as const, payload: toldRequester([request]) },
          ]
        : []),
      { kind: "SLACK_REFRESH_REQUEST", payload: { requestType: request.type, requestId: request.id } },
    ]),
  );
  await enqueueHomeRefresh(tx, [...new Set(recorded.map(({ request }) => request.structure.id))]);
  const requests = recorded.map(({ request }) => request);
  // The Workflow Builder steps that filed some of them wait for this decision, whoever took it.
  const first = recorded[0];
  if (first) await queueWorkflowStepCompletions(tx, requests, first.record.at);
  for (const request of requests) await options.alsoInTransaction?.(tx, request);
  return requests;
}

/** The requester's DM about their requests (all of one requester), queued with their e-mail. */
export function toldRequester(requests: readonly RequestDetails[]): OutboxPayloads["SLACK_TELL_REQUESTER"] {
  const [first] = requests;
  if (!first) throw new Error("no request to tell its requester about");
  return {
    accountId: first.requester.id,
    requests: requests.map((request) => ({ requestType: request.type, requestId: request.id })),
  };
}

/** One decision: see {@link recordDecisions}. */
export async function recordDecision(
  tx: Tx,
  messages: Messages,
  record: DecisionRecord,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const [decided] = await recordDecisions(tx, messages, [record], options);
  if (!decided) throw new Error(`request ${record.request.id} not recorded`);
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
