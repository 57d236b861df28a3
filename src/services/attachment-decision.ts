import { inTransaction, type Tx } from "../db/transaction.ts";
import type { AttachmentRequestDetails, ServiceRef } from "../domain/attachment-request.ts";
import { AppError } from "../errors.ts";
import { formatDateTime, type Messages } from "../i18n/index.ts";
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
  const [activeServices, attachments] = await Promise.all([
    tx.service.findMany({
      where: { structureId: request.structure.id, active: true },
      select: { id: true, code: true, label: true },
      orderBy: { code: "asc" },
    }),
    tx.attachment.findMany({
      where: { structureId: request.structure.id, userId: request.requester.id, status: "VALIDATED" },
      select: { serviceId: true, service: { select: { id: true, code: true, label: true } } },
    }),
  ]);
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
