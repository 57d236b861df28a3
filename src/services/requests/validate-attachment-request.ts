import { inTransaction, type Tx } from "../../db/transaction.ts";
import { checkGrantedScope, type GrantedScope, type ScopeProblem } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { groupBy } from "../../domain/group-by.ts";
import {
  type AttachmentRequestDetails,
  MAX_DECISION_TEXT,
  type RequestDetails,
} from "../../domain/requests.ts";
import { isGrantableRole } from "../../domain/roles.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import { grantAttachments } from "../accounts/attachment-grants.ts";
import {
  type AlignedSpaces,
  alignmentHistory,
  alignSubscriptionsWithRoles,
} from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  alreadyDecidedNow,
  claimPendingRequests,
  type DecidableAttachmentRequest,
  type Decision,
  type DecisionOptions,
  type DecisionRecord,
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

/** What validating an attachment request grants, once checked. */
export interface AttachmentValidation {
  request: AttachmentRequestDetails;
  role: Role;
  scope: GrantedScope;
}

/** A validation made: what it granted, and the subscriptions aligned with the role it gave. */
export interface MadeAttachmentValidation extends AttachmentValidation {
  spaces: AlignedSpaces | null;
}

/**
 * Checks what the manager chose against what the request's structure offers: a grantable role, the
 * whole structure or active services not held yet (a structure without active services, or a
 * requester already attached to all of it, is granted whole), a comment that fits. Throws
 * `invalid_input` with the fields at fault.
 */
export function checkAttachmentValidation(
  messages: Messages,
  { request, targets }: DecidableAttachmentRequest,
  input: Omit<ValidateAttachmentRequestInput, "requestId">,
): AttachmentValidation {
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
  return { request, role, scope };
}

function grantedServiceIds(scope: GrantedScope): string[] {
  return scope.wholeStructure ? [] : scope.serviceIds;
}

/**
 * Writes on attachment requests what their validation granted (role, whole structure or services),
 * a batch in a few statements.
 */
export async function recordGrantedScopes(
  tx: Tx,
  granted: readonly { requestId: string; role: Role; scope: GrantedScope }[],
): Promise<void> {
  for (const role of new Set(granted.map((grant) => grant.role))) {
    for (const wholeStructure of [true, false]) {
      const ids = granted
        .filter((grant) => grant.role === role && grant.scope.wholeStructure === wholeStructure)
        .map((grant) => grant.requestId);
      if (ids.length === 0) continue;
      await tx.attachmentRequest.updateMany({
        where: { id: { in: ids } },
        data: { grantedRole: role, grantedWholeStructure: wholeStructure },
      });
    }
  }
  const links = granted.flatMap((grant) =>
    grantedServiceIds(grant.scope).map((serviceId) => ({ requestId: grant.requestId, serviceId })),
  );
  if (links.length === 0) return;
  // Prisma's implicit many-to-many table: A is the request, B the service.
  await tx.$executeRaw`INSERT INTO "_GrantedServices" ("A", "B")
    SELECT * FROM unnest(${links.map((link) => link.requestId)}::uuid[], ${links.map((link) => link.serviceId)}::uuid[])
    ON CONFLICT DO NOTHING`;
}

/**
 * Validates checked attachment requests, with one decision for all: claims them, records what each
 * grants, grants the attachments and the default spaces of the role (recorded on the request for
 * its e-mail). Returns the validations it made: a request a concurrent decision took first is left
 * out.
 */
export async function applyAttachmentValidations(
  tx: Tx,
  decision: Decision,
  validations: readonly AttachmentValidation[],
): Promise<MadeAttachmentValidation[]> {
  const ids = validations.map((validation) => validation.request.id);
  const claimed = await claimPendingRequests(tx, "attachment", ids, decision);
  const made = validations.filter((validation) => claimed.has(validation.request.id));
  await recordGrantedScopes(
    tx,
    made.map(({ request, role, scope }) => ({ requestId: request.id, role, scope })),
  );
  const startDate = parisDay(decision.at);
  await grantAttachments(
    tx,
    made.map(({ request, role, scope }) => ({
      userId: request.requester.id,
      structureId: request.structure.id,
      role,
      startDate,
      serviceIds: scope.wholeStructure ? null : scope.serviceIds,
    })),
    startDate,
  );
  const aligned = await alignSubscriptionsWithRoles(
    tx,
    made.map(({ request, scope }) => ({
      userId: request.requester.id,
      structureId: request.structure.id,
      serviceIds: scope.wholeStructure ? null : scope.serviceIds,
    })),
  );
  const spacesOf = new Map(aligned.map((spaces) => [`${spaces.userId}|${spaces.structureId}`, spaces]));
  const withSpaces = made.map((validation) => ({
    ...validation,
    spaces: spacesOf.get(`${validation.request.requester.id}|${validation.request.structure.id}`) ?? null,
  }));
  await recordGrantedSpaces(tx, withSpaces);
  return withSpaces;
}

/** Writes on attachment requests the spaces their validation opened, one statement per distinct set. */
async function recordGrantedSpaces(tx: Tx, made: readonly MadeAttachmentValidation[]): Promise<void> {
  const bySpaces = groupBy(made, (validation) => (validation.spaces?.opened ?? []).join(","));
  for (const [, group] of bySpaces) {
    const grantedSpaces = group[0]?.spaces?.opened ?? [];
    if (grantedSpaces.length === 0) continue;
    await tx.attachmentRequest.updateMany({
      where: { id: { in: group.map((validation) => validation.request.id) } },
      data: { grantedSpaces },
    });
  }
}

/** The history line of a validation. */
export function attachmentValidationRecord(
  decision: Decision,
  { request, role, scope, spaces }: MadeAttachmentValidation,
): DecisionRecord {
  const { actor, at } = decision;
  return {
    request,
    actor,
    action: "ATTACHMENT_VALIDATED",
    comment: decision.outcome.decisionComment ?? null,
    details: { role, wholeStructure: scope.wholeStructure, serviceIds: grantedServiceIds(scope) },
    at,
    followingHistory: alignmentHistory(spaces ? [spaces] : [], {
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      at,
    }),
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
    const decidable = await loadDecidableAttachmentRequest(tx, messages, actor, input.requestId);
    const validation = checkAttachmentValidation(messages, decidable, input);
    const decision: Decision = {
      actor,
      at: ctx.now(),
      outcome: { status: "VALIDATED", decisionComment: input.comment },
    };
    const [made] = await applyAttachmentValidations(tx, decision, [validation]);
    if (!made) throw await alreadyDecidedNow(tx, messages, decidable.request);
    return recordDecision(tx, messages, attachmentValidationRecord(decision, made), options);
  });
  decisionCommitted(ctx, decided, options);
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "attachment request validated");
  return decided;
}
