import { inTransaction, type Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import {
  MAX_DECISION_TEXT,
  type RequestDetails,
  type SubscriptionRequestDetails,
} from "../../domain/requests.ts";
import { isSpaceAllowed } from "../../domain/role-spaces.ts";
import { AppError } from "../../errors.ts";
import type { AccessLevel, Role } from "../../generated/prisma/enums.ts";
import { type Messages, spacesLabel } from "../../i18n/index.ts";
import { loadHeldRoles } from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  alreadyDecidedNow,
  claimPendingRequests,
  type Decision,
  type DecisionOptions,
  type DecisionRecord,
  decisionCommitted,
  loadDecidableRequest,
  recordDecision,
} from "./request-decision.ts";

export interface ValidateSubscriptionRequestInput {
  requestId: string;
  /**
   * Items (ids) the manager left in "Modification"; the others asked in modification are lowered to
   * "Consultation". Null keeps every item's access as asked (bulk validation).
   */
  modificationItemIds: string[] | null;
  comment: string | null;
}

/** What validating a subscription request grants, once checked: each item's access. */
export interface SubscriptionValidation {
  request: SubscriptionRequestDetails;
  access: Map<string, AccessLevel>;
}

/** A subscription request about to be decided, with the role its requester now holds on the structure. */
export interface DecidableSubscriptionRequest {
  request: SubscriptionRequestDetails;
  requesterRole: Role | null;
}

/** Adds to each request the role its requester now holds on its structure. */
export async function withRequesterRoles(
  tx: Tx,
  requests: readonly SubscriptionRequestDetails[],
): Promise<DecidableSubscriptionRequest[]> {
  const onStructure = (request: SubscriptionRequestDetails) => ({
    userId: request.requester.id,
    structureId: request.structure.id,
  });
  const roleOf = await loadHeldRoles(tx, requests.map(onStructure));
  return requests.map((request) => ({ request, requesterRole: roleOf(onStructure(request)) }));
}

/**
 * Checks what the manager chose: a comment that fits, items of the request, spaces the requester's
 * role opens (domain/role-spaces.ts); each space is granted in modification as asked unless the
 * manager lowered it to consultation (never raised). Throws `invalid_input` with the field at fault.
 */
export function checkSubscriptionValidation(
  messages: Messages,
  { request, requesterRole }: DecidableSubscriptionRequest,
  input: Omit<ValidateSubscriptionRequestInput, "requestId">,
): SubscriptionValidation {
  if (requesterRole === null) {
    const message = messages.errors.userNotAttached(request.requester.loginEmail);
    throw new AppError("invalid_input", message, [{ field: "spaces", message }]);
  }
  const outside = request.items.filter((item) => !isSpaceAllowed(requesterRole, item.space));
  if (outside.length > 0) {
    const spaces = spacesLabel(
      messages,
      outside.map((item) => item.space),
    );
    const message = messages.errors.spacesNotForRole(spaces, messages.roles[requesterRole]);
    throw new AppError("invalid_input", message, [{ field: "spaces", message }]);
  }
  if (input.comment && input.comment.length > MAX_DECISION_TEXT) {
    const message = messages.errors.textTooLong(MAX_DECISION_TEXT);
    throw new AppError("invalid_input", message, [{ field: "comment", message }]);
  }
  const itemIds = new Set(request.items.map((item) => item.id));
  if (input.modificationItemIds?.some((id) => !itemIds.has(id))) {
    const message = messages.errors.spaceNotRequested;
    throw new AppError("invalid_input", message, [{ field: "modification", message }]);
  }
  const kept = input.modificationItemIds ? new Set(input.modificationItemIds) : null;
  const access = new Map(
    request.items.map((item) => [
      item.id,
      item.requestedAccess === "MODIFICATION" && kept && !kept.has(item.id)
        ? "CONSULTATION"
        : item.requestedAccess,
    ]),
  );
  return { request, access };
}

/**
 * Validates checked subscription requests, with one decision for all: claims them, writes each
 * item's granted access, creates or updates the subscriptions (written out: Prisma has no set-based
 * upsert). Returns the validations it made: a request a concurrent decision took first is left out.
 */
export async function applySubscriptionValidations(
  tx: Tx,
  decision: Decision,
  validations: readonly SubscriptionValidation[],
): Promise<SubscriptionValidation[]> {
  const ids = validations.map((validation) => validation.request.id);
  const claimed = await claimPendingRequests(tx, "subscription", ids, decision);
  const made = validations.filter((validation) => claimed.has(validation.request.id));
  const items = made.flatMap(({ request, access }) =>
    request.items.map((item) => {
      const serviceId = item.service?.id ?? null;
      return {
        id: item.id,
        userId: request.requester.id,
        structureId: request.structure.id,
        serviceId,
        scopeKey: scopeKeyOf(serviceId),
        space: item.space,
        access: access.get(item.id) ?? item.requestedAccess,
      };
    }),
  );
  if (items.length === 0) return made;
  const column = <T>(pick: (item: (typeof items)[number]) => T) => items.map(pick);
  // One row per subscription, the last asked winning (an upsert cannot touch a row twice).
  const subscriptions = [
    ...new Map(
      items.map((item) => [`${item.userId}|${item.structureId}|${item.scopeKey}|${item.space}`, item]),
    ).values(),
  ];
  const subscription = <T>(pick: (item: (typeof items)[number]) => T) => subscriptions.map(pick);
  await tx.$executeRaw`
    UPDATE "SubscriptionRequestItem" AS "i" SET "grantedAccess" = "g"."access"::"AccessLevel"
    FROM unnest(${column((item) => item.id)}::uuid[], ${column((item) => item.access)}::text[])
      AS "g"("id", "access")
    WHERE "i"."id" = "g"."id"`;
  await tx.$executeRaw`
    INSERT INTO "Subscription" ("id", "userId", "structureId", "serviceId", "scopeKey", "space", "access",
      "updatedAt")
    SELECT gen_random_uuid(), "g"."userId", "g"."structureId", "g"."serviceId", "g"."scopeKey",
      "g"."space"::"Space", "g"."access"::"AccessLevel", now()
    FROM unnest(${subscription((item) => item.userId)}::uuid[], ${subscription((item) => item.structureId)}::uuid[],
      ${subscription((item) => item.serviceId)}::uuid[], ${subscription((item) => item.scopeKey)}::text[],
      ${subscription((item) => item.space)}::text[], ${subscription((item) => item.access)}::text[])
      AS "g"("userId", "structureId", "serviceId", "scopeKey", "space", "access")
    ON CONFLICT ("userId", "structureId", "scopeKey", "space") DO UPDATE
      SET "access" = EXCLUDED."access", "status" = 'ACTIVE', "updatedAt" = now()`;
  return made;
}

/** The history line of a validation. */
export function subscriptionValidationRecord(
  decision: Decision,
  { request }: SubscriptionValidation,
): DecisionRecord {
  return {
    request,
    actor: decision.actor,
    action: "SUBSCRIPTION_VALIDATED",
    comment: decision.outcome.decisionComment ?? null,
    details: {
      spaces: request.items.map((item) => ({ space: item.space, serviceCode: item.service?.code ?? null })),
    },
    at: decision.at,
  };
}

/**
 * "Valider" a subscription request: each space asked for is granted, in modification as asked unless
 * the manager lowered it to consultation (never raised), the subscriptions are created or updated,
 * and the decision is recorded like every decision, in one transaction.
 */
export async function validateSubscriptionRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: ValidateSubscriptionRequestInput,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const { messages } = ctx;
  const decided = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, messages, actor, {
      type: "subscription",
      requestId: input.requestId,
    });
    const [decidable] = await withRequesterRoles(tx, [request]);
    if (!decidable) throw new Error(`subscription request ${request.id} lost its requester's role`);
    const validation = checkSubscriptionValidation(messages, decidable, input);
    const decision: Decision = {
      actor,
      at: ctx.now(),
      outcome: { status: "VALIDATED", decisionComment: input.comment },
    };
    const [made] = await applySubscriptionValidations(tx, decision, [validation]);
    if (!made) throw await alreadyDecidedNow(tx, messages, request);
    return recordDecision(tx, messages, subscriptionValidationRecord(decision, made), options);
  });
  decisionCommitted(ctx, decided, options);
  ctx.logger.info({ requestId: decided.id, actorId: actor.accountId }, "subscription request validated");
  return decided;
}
