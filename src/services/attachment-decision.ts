import { inTransaction, type Tx } from "../db/transaction.ts";
import type { AttachmentRequestDetails, ServiceRef } from "../domain/attachment-request.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { HistoryAction } from "../generated/prisma/enums.ts";
import { formatDateTime, type Messages } from "../i18n/index.ts";
import { attachmentDecisionEmail } from "../notify/emails.ts";
import { enqueueDelivery } from "../notify/outbox.ts";
import { findAttachmentRequestDetails } from "./attachment-request-details.ts";
import type { ServiceContext } from "./context.ts";
import { assertManagerOf } from "./manager-access.ts";
import type { Actor } from "./slack-identities.ts";

/** "Cette demande a déjà été traitée (validée) par … le …", for a click on a decided request. */
export function alreadyDecidedError(messages: Messages, request: AttachmentRequestDetails): AppError {
  const decision = request.decision;
  const outcome =
    decision?.outcome === "REFUSED" ? messages.errors.outcomeRefused : messages.errors.outcomeValidated;
  const who = decision?.by.name ?? "?";
  const when = decision ? formatDateTime(messages, decision.at) : "?";
  return new AppError("already_decided", messages.errors.alreadyDecided(outcome, who, when));
}

/** Loads a request a manager is about to decide: it must exist, be theirs to decide, and be pending. */
export async function loadDecidableRequest(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  requestId: string,
): Promise<AttachmentRequestDetails> {
  const request = await findAttachmentRequestDetails(tx, requestId);
  if (!request) throw new AppError("not_found", messages.errors.requestNotFound);
  await assertManagerOf(tx, messages, actor.accountId, request.structure);
  if (request.status !== "PENDING") throw alreadyDecidedError(messages, request);
  return request;
}

/** The structure's active services and what the requester already holds, for the "Valider" modal. */
export async function attachmentContext(
  tx: Tx,
  request: AttachmentRequestDetails,
): Promise<{
  activeServices: ServiceRef[];
  alreadyAttached: { wholeStructure: boolean; services: ServiceRef[] };
}> {
  // One after the other: a transaction is one connection, and pg no longer queues concurrent queries.
  const activeServices = await tx.service.findMany({
    where: { structureId: request.structure.id, active: true },
    select: { id: true, code: true, label: true },
    orderBy: { code: "asc" },
  });
  const attachments = await tx.attachment.findMany({
    where: { structureId: request.structure.id, userId: request.requester.id, status: "VALIDATED" },
    select: { serviceId: true, service: { select: { id: true, code: true, label: true } } },
  });
  return {
    activeServices,
    alreadyAttached: {
      wholeStructure: attachments.some((attachment) => attachment.serviceId === null),
      services: attachments.flatMap((attachment) => (attachment.service ? [attachment.service] : [])),
    },
  };
}

/** What a manager needs to open the "Valider" or "Refuser" modal of a request. */
export async function prepareAttachmentDecision(ctx: ServiceContext, actor: Actor, requestId: string) {
  return inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, ctx.messages, actor, requestId);
    return { request, ...(await attachmentContext(tx, request)) };
  });
}

/**
 * Records the decision with a conditional update on the pending status: of two concurrent decisions
 * (double submission, two managers) exactly one passes; the other gets "déjà traitée" and its
 * transaction is rolled back.
 */
export async function claimPendingRequest(
  tx: Tx,
  messages: Messages,
  request: AttachmentRequestDetails,
  decision: { actor: Actor; at: Date; outcome: Prisma.AttachmentRequestUncheckedUpdateManyInput },
): Promise<void> {
  const claimed = await tx.attachmentRequest.updateMany({
    where: { id: request.id, status: "PENDING" },
    data: {
      ...decision.outcome,
      pendingKey: null,
      decidedById: decision.actor.accountId,
      decidedBySlackUserId: decision.actor.slackUserId,
      decidedAt: decision.at,
    },
  });
  if (claimed.count === 0) {
    const current = await findAttachmentRequestDetails(tx, request.id);
    throw alreadyDecidedError(messages, current ?? request);
  }
}

/**
 * What follows every decision, in its transaction: the history entry, the requester's e-mail and
 * the refresh of every Slack message showing the request. Returns the request as decided.
 */
export async function recordDecision(
  tx: Tx,
  messages: Messages,
  input: {
    requestId: string;
    actor: Actor;
    action: HistoryAction;
    comment: string | null;
    details: Prisma.InputJsonObject;
    at: Date;
  },
): Promise<AttachmentRequestDetails> {
  const decided = await findAttachmentRequestDetails(tx, input.requestId);
  if (!decided) throw new Error(`attachment request ${input.requestId} vanished during its decision`);
  await tx.historyEntry.create({
    data: {
      structureId: decided.structure.id,
      action: input.action,
      actorId: input.actor.accountId,
      actorSlackUserId: input.actor.slackUserId,
      targetUserId: decided.requester.id,
      attachmentRequestId: decided.id,
      comment: input.comment,
      details: input.details,
      createdAt: input.at,
    },
  });
  await enqueueDelivery(tx, "EMAIL", attachmentDecisionEmail(messages, decided));
  await enqueueDelivery(tx, "SLACK_REFRESH_REQUEST", { requestType: "attachment", requestId: decided.id });
  return decided;
}
