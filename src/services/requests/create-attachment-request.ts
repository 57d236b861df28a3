import { isUniqueViolation } from "../../db/errors.ts";
import { type BeforeCommit, inTransaction } from "../../db/transaction.ts";
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
 * A user's "demande de rattachement" to a structure or to some of its active services. It is queued
 * for showing in Slack in the same transaction, so no committed request is ever left unannounced.
 * One request per user and structure is pending at a time: a second one is refused with the first
 * one's id. `beforeCommit` ends the transaction (the API's idempotent answer).
 */
export async function createAttachmentRequest(
  ctx: ServiceContext,
  input: CreateAttachmentRequestInput,
  beforeCommit?: BeforeCommit<AttachmentRequest>,
) {
  const { messages } = ctx;
  // The unique key of the user's pending request there, once the parties are known.
  let pendingKey: string | undefined;
  try {
    const request = await inTransaction(ctx.prisma, async (tx) => {
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
      pendingKey = `${structure.id}:${user.id}`;
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
      await beforeCommit?.(tx, created);
      return created;
    });
    ctx.outboxWritten();
    ctx.logger.info({ requestId: request.id }, "attachment request created");
    return request;
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The pending request this one collided with is committed (the unique index waited for it).
      const existing =
        pendingKey === undefined
          ? null
          : await ctx.prisma.attachmentRequest.findUnique({ where: { pendingKey }, select: { id: true } });
      throw new AppError("conflict", messages.errors.duplicatePendingRequest, [], {
        existingRequestId: existing?.id,
      });
    }
    throw error;
  }
}
