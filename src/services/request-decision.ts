import type { Tx } from "../db/transaction.ts";
import type { RequestDetails, RequestType } from "../domain/requests.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { HistoryAction, RequestStatus } from "../generated/prisma/enums.ts";
import { formatDateTime, type Messages } from "../i18n/index.ts";
import { decisionEmail } from "../notify/emails.ts";
import { enqueueDelivery } from "../notify/outbox.ts";
import type { ServiceContext } from "./context.ts";
import { appendHistory } from "./history.ts";
import { enqueueHomeRefresh } from "./home-refresh.ts";
import { assertManagerOf } from "./manager-access.ts";
import { findRequestDetails } from "./request-details.ts";
import type { Actor } from "./slack-identities.ts";

/** "Cette demande a déjà été traitée (validée) par … le …", for a click on a decided request. */
export function alreadyDecidedError(messages: Messages, request: RequestDetails): AppError {
  const decision = request.decision;
  const outcome =
    decision?.outcome === "REFUSED" ? messages.errors.outcomeRefused : messages.errors.outcomeValidated;
  const who = decision?.by.name ?? "?";
  const when = decision ? formatDateTime(messages, decision.at) : "?";
  return new AppError("already_decided", messages.errors.alreadyDecided(outcome, who, when));
}

/** Loads a request a manager is about to decide: it must exist, be theirs to decide, and be pending. */
export async function loadDecidableRequest<T extends RequestType>(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  target: { type: T; requestId: string },
): Promise<Extract<RequestDetails, { type: T }>> {
  const request = await findRequestDetails(tx, target.type, target.requestId);
  if (!request) throw new AppError("not_found", messages.errors.requestNotFound);
  await assertManagerOf(tx, messages, actor, request.structure);
  if (request.status !== "PENDING") throw alreadyDecidedError(messages, request);
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
