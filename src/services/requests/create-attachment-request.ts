import { isUniqueViolation } from "../../db/errors.ts";
import { type BeforeCommit, inTransaction, type Tx } from "../../db/transaction.ts";
import { WHOLE_STRUCTURE_SCOPE } from "../../domain/attachment-scope.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { AttachmentRequest } from "../../generated/prisma/client.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { enqueueHomeRefresh } from "./home-refresh.ts";
import { loadRequestParties } from "./request-parties.ts";

export interface CreateAttachmentRequestInput {
  structureIdentifier: string;
  userLoginEmail: string;
  /** Services asked for; empty: the whole structure. */
  serviceCodes: string[];
  comment: string | null;
}

/**
 * Files a user's "demande de rattachement" to a structure or to some of its active services, in the
 * caller's transaction, and queues it for showing in Slack in it, so no committed request is ever
 * left unannounced; returns it with its structure, named. `onPendingKey` learns the unique key of the user's pending request there, which
 * {@link duplicateRequestError} needs when the commit collides with another one.
 */
export async function fileAttachmentRequest(
  tx: Tx,
  ctx: ServiceContext,
  input: CreateAttachmentRequestInput,
  onPendingKey: (pendingKey: string) => void,
): Promise<{ request: AttachmentRequest; structure: { identifier: string; designation: string } }> {
  const { messages } = ctx;
  const { structure, user } = await loadRequestParties(tx, messages, input);
  const problems: FieldError[] = [];
  const serviceIds: string[] = [];
  input.serviceCodes.forEach((code, index) => {
    const field = `serviceCodes[${index}]`;
    const service = structure.services.find((candidate) => candidate.code === code);
    if (input.serviceCodes.indexOf(code) !== index) {
      problems.push({ field, message: messages.errors.serviceDuplicate(code) });
    } else if (!service) problems.push({ field, message: messages.errors.serviceUnknown(code) });
    else if (!service.active) problems.push({ field, message: messages.errors.serviceInactive(code) });
    else serviceIds.push(service.id);
  });
  if (problems.length > 0) throw new AppError("invalid_input", problems[0]?.message ?? "", problems);
  const wholeAttachment = await tx.attachment.findUnique({
    where: {
      userId_structureId_scopeKey: {
        userId: user.id,
        structureId: structure.id,
        scopeKey: WHOLE_STRUCTURE_SCOPE,
      },
    },
  });
  if (wholeAttachment?.status === "VALIDATED") {
    throw new AppError("conflict", messages.errors.alreadyAttachedWhole);
  }
  const pendingKey = `${structure.id}:${user.id}`;
  onPendingKey(pendingKey);
  const created = await tx.attachmentRequest.create({
    data: {
      structureId: structure.id,
      userId: user.id,
      comment: input.comment,
      pendingKey,
      requestedServices: { connect: serviceIds.map((id) => ({ id })) },
      createdAt: ctx.now(),
    },
  });
  await enqueueDelivery(tx, "SLACK_SHOW_REQUEST", { requestType: "attachment", requestId: created.id });
  await enqueueHomeRefresh(tx, [structure.id]);
  return {
    request: created,
    structure: { identifier: structure.identifier, designation: structure.designation },
  };
}

/**
 * A commit that failed: when on the one pending request per user and structure, the conflict naming
 * the request it collided with (committed: the unique index waited for it); otherwise the error.
 */
export async function duplicateRequestError(
  ctx: ServiceContext,
  error: unknown,
  pendingKey: string | undefined,
): Promise<unknown> {
  if (!isUniqueViolation(error)) return error;
  const existing =
    pendingKey === undefined
      ? null
      : await ctx.prisma.attachmentRequest.findUnique({ where: { pendingKey }, select: { id: true } });
  return new AppError("conflict", ctx.messages.errors.duplicatePendingRequest, [], {
    existingRequestId: existing?.id,
  });
}

/**
 * A user's "demande de rattachement" (see fileAttachmentRequest). One request per user and structure
 * is pending at a time: a second one is refused with the first one's id. `beforeCommit` ends the
 * transaction (the API's idempotent answer).
 */
export async function createAttachmentRequest(
  ctx: ServiceContext,
  input: CreateAttachmentRequestInput,
  beforeCommit?: BeforeCommit<AttachmentRequest>,
) {
  let pendingKey: string | undefined;
  try {
    const request = await inTransaction(ctx.prisma, async (tx) => {
      const { request: created } = await fileAttachmentRequest(tx, ctx, input, (key) => {
        pendingKey = key;
      });
      await beforeCommit?.(tx, created);
      return created;
    });
    ctx.outboxWritten();
    ctx.logger.info({ requestId: request.id }, "attachment request created");
    return request;
  } catch (error) {
    throw await duplicateRequestError(ctx, error, pendingKey);
  }
}
