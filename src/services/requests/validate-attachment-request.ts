import { inTransaction } from "../../db/transaction.ts";
import { checkGrantedScope, type GrantedScope, type ScopeProblem } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { MAX_DECISION_TEXT, type RequestDetails } from "../../domain/requests.ts";
import { isGrantableRole } from "../../domain/roles.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import { grantAttachments } from "../accounts/attachment-grants.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  claimPendingRequest,
  type DecisionOptions,
  decisionCommitted,
  loadDecidableAttachmentRequest,
  recordDecision,
} from "./request-decision.ts";

export interface ValidateAttachmentRequestInput {
  requestId: string;
  /** "SIMPLE_USER" or "SECONDARY_MANAGER", as chosen in the modal. */
  role: string | null;
  wholeStructure: boolean;
  serviceIds: string[];
  comment: string | null;
}

export function scopeError(messages: Messages, problem: ScopeProblem): FieldError {
  const text = {
    nothing_chosen: messages.errors.scopeNothingChosen,
    both_chosen: messages.errors.scopeBothChosen,
    unknown_service: messages.errors.scopeUnknownService,
    already_attached: messages.errors.scopeAlreadyAttached,
  }[problem];
  return {
    field: problem === "nothing_chosen" || problem === "both_chosen" ? "scope" : "services",
    message: text,
  };
}

/**
 * "Valider": grants the chosen role on the whole structure or on the chosen services, decides the
 * request, records the history and queues the requester's e-mail and the Slack updates, all in one
 * transaction. The decision is a conditional update on the pending status, so of two concurrent
 * validations (double click, two managers) exactly one wins and the other gets "déjà traitée".
 */
export async function validateAttachmentRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: ValidateAttachmentRequestInput,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const { messages } = ctx;
  const decided = await inTransaction(ctx.prisma, async (tx) => {
    const { request, targets } = await loadDecidableAttachmentRequest(tx, messages, actor, input.requestId);
    const { activeServices, alreadyAttached } = targets;
    const fieldErrors: FieldError[] = [];
    const role = input.role && isGrantableRole(input.role) ? input.role : null;
    if (!role) fieldErrors.push({ field: "role", message: messages.errors.roleInvalid });
    if (input.comment && input.comment.length > MAX_DECISION_TEXT) {
      fieldErrors.push({ field: "comment", message: messages.errors.textTooLong(MAX_DECISION_TEXT) });
    }
    let scope: GrantedScope = { wholeStructure: true };
    if (!alreadyAttached.wholeStructure && activeServices.length > 0) {
      const checked = checkGrantedScope({
        wholeStructure: input.wholeStructure,
        serviceIds: input.serviceIds,
        activeServiceIds: new Set(activeServices.map((service) => service.id)),
        alreadyAttachedServiceIds: new Set(alreadyAttached.services.map((service) => service.id)),
      });
      if ("problem" in checked) fieldErrors.push(scopeError(messages, checked.problem));
      else scope = checked.scope;
    }
    if (!role || fieldErrors.length > 0)
      throw new AppError("invalid_input", messages.errors.invalidInput, fieldErrors);

    const now = ctx.now();
    const grantedServiceIds = scope.wholeStructure ? [] : scope.serviceIds;
    await claimPendingRequest(tx, messages, request, {
      actor,
      at: now,
      outcome: { status: "VALIDATED", decisionComment: input.comment },
    });
    await tx.attachmentRequest.update({
      where: { id: request.id },
      data: {
        grantedRole: role,
        grantedWholeStructure: scope.wholeStructure,
        grantedServices: { connect: grantedServiceIds.map((id) => ({ id })) },
      },
    });
    const userId = request.requester.id;
    const structureId = request.structure.id;
    const startDate = parisDay(now);
    await grantAttachments(tx, {
      userId,
      structureId,
      role,
      startDate,
      serviceIds: scope.wholeStructure ? null : grantedServiceIds,
    });
    return recordDecision(
      tx,
      messages,
      {
        request,
        actor,
        action: "ATTACHMENT_VALIDATED",
        comment: input.comment,
        details: { role, wholeStructure: scope.wholeStructure, serviceIds: grantedServiceIds },
        at: now,
      },
      options,
    );
  });
  decisionCommitted(ctx, decided, options);
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "attachment request validated");
  return decided;
}
