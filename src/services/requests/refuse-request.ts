import { inTransaction, type Tx } from "../../db/transaction.ts";
import { MAX_DECISION_TEXT, type RequestDetails, type RequestType } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  claimPendingRequest,
  type Decision,
  type DecisionOptions,
  type DecisionRecord,
  decisionCommitted,
  loadDecidableRequest,
  recordDecision,
} from "./request-decision.ts";

const REFUSAL_ACTIONS = { attachment: "ATTACHMENT_REFUSED", subscription: "SUBSCRIPTION_REFUSED" } as const;

export interface RefusalInput {
  type: RequestType;
  requestId: string;
  reason: string;
}

/** The refusal's reason, trimmed: required, and short enough. Throws `invalid_input` on the reason. */
export function checkRefusalReason(messages: Messages, rawReason: string): string {
  const reason = rawReason.trim();
  if (!reason) {
    throw new AppError("invalid_input", messages.errors.reasonRequired, [
      { field: "reason", message: messages.errors.reasonRequired },
    ]);
  }
  if (reason.length > MAX_DECISION_TEXT) {
    const message = messages.errors.textTooLong(MAX_DECISION_TEXT);
    throw new AppError("invalid_input", message, [{ field: "reason", message }]);
  }
  return reason;
}

/** A refusal's decision: who, when, and the reason given. */
export function refusalDecision(actor: Actor, at: Date, reason: string): Decision {
  return { actor, at, outcome: { status: "REFUSED", refusalReason: reason } };
}

/** The history line of a refusal. */
export function refusalRecord(decision: Decision, request: RequestDetails): DecisionRecord {
  const reason = decision.outcome.refusalReason ?? "";
  return {
    request,
    actor: decision.actor,
    action: REFUSAL_ACTIONS[request.type],
    comment: reason,
    details: { reason },
    at: decision.at,
  };
}

/** Refuses `request`, loaded by the caller in its transaction `tx`. */
async function refuseWithin(
  tx: Tx,
  ctx: ServiceContext,
  actor: Actor,
  request: RequestDetails,
  rawReason: string,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const { messages } = ctx;
  const decision = refusalDecision(actor, ctx.now(), checkRefusalReason(messages, rawReason));
  await claimPendingRequest(tx, messages, request, decision);
  return recordDecision(tx, messages, refusalRecord(decision, request), options);
}

/**
 * "Refuser" a request of either kind: decides it with the manager's reason (mandatory), records the
 * history and queues the e-mail and the Slack updates in one transaction; race-safe like validation.
 */
export async function refuseRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: RefusalInput,
  options: DecisionOptions = {},
): Promise<RequestDetails> {
  const decided = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, ctx.messages, actor, input);
    return refuseWithin(tx, ctx, actor, request, input.reason, options);
  });
  decisionCommitted(ctx, decided, options);
  ctx.logger.info({ type: input.type, requestId: decided.id, actorId: actor.accountId }, "request refused");
  return decided;
}
