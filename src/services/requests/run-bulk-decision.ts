import { inTransaction, type Tx } from "../../db/transaction.ts";
import { groupBy } from "../../domain/group-by.ts";
import {
  type AttachmentRequestDetails,
  isRequestType,
  REQUEST_TYPES,
  type RequestDetails,
  type RequestType,
  type SubscriptionRequestDetails,
} from "../../domain/requests.ts";
import { AppError, isAppError } from "../../errors.ts";
import type { BulkAction, BulkItemOutcome, BulkRun, BulkRunItem } from "../../generated/prisma/client.ts";
import { bulkDecisionEmail } from "../../notify/emails.ts";
import { enqueueDeliveries, type QueuedDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { refusalDecision, refusalRecord, refuseRequest } from "./refuse-request.ts";
import {
  alreadyDecidedNow,
  claimPendingRequests,
  type DecidableAttachmentRequest,
  type Decision,
  type DecisionOptions,
  type DecisionRecord,
  decisionCommitted,
  loadDecidableAttachmentRequests,
  loadDecidableSubscriptionRequests,
  recordDecisions,
  toldRequester,
} from "./request-decision.ts";
import { findAttachmentRequestDetails, findRequestDetailsList } from "./request-details.ts";
import { BULK_LEASE_MS } from "./start-bulk-run.ts";
import {
  type AttachmentValidation,
  applyAttachmentValidations,
  attachmentValidationRecord,
  checkAttachmentValidation,
  type MadeAttachmentValidation,
  validateAttachmentRequest,
} from "./validate-attachment-request.ts";
import {
  applySubscriptionValidations,
  checkSubscriptionValidation,
  type DecidableSubscriptionRequest,
  type SubscriptionValidation,
  subscriptionValidationRecord,
  validateSubscriptionRequest,
  withRequesterRoles,
} from "./validate-subscription-request.ts";

const OUTCOME_OF_ERROR: Record<string, BulkItemOutcome> = {
  already_decided: "ALREADY_DECIDED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
};

/** A bulk validation of an attachment request: simple user, on what was asked (whole structure: none). */
function bulkAttachmentChoice(request: AttachmentRequestDetails | null) {
  const asked = request?.requestedServices.map((service) => service.id) ?? [];
  return { role: "SIMPLE_USER", wholeStructure: asked.length === 0, serviceIds: asked, comment: null };
}

/** A bulk validation of a subscription request: every space with the access asked. */
const BULK_SUBSCRIPTION_CHOICE = { modificationItemIds: null, comment: null };

/**
 * One item: validated with the defaults of a bulk decision (simple user on what was asked; spaces
 * with the access asked) or refused with the run's reason, without the requester's e-mail (one per
 * requester at the end). The item's DONE outcome is written in the decision's own transaction.
 */
async function decideItem(ctx: ServiceContext, actor: Actor, run: BulkRun, item: BulkRunItem): Promise<void> {
  const options: DecisionOptions = {
    emailRequester: false,
    alsoInTransaction: async (tx) => {
      await tx.bulkRunItem.update({ where: { id: item.id }, data: { outcome: "DONE" } });
    },
  };
  const type = requestTypeOf(item);
  if (run.action === "REFUSE") {
    await refuseRequest(ctx, actor, { type, requestId: item.requestId, reason: run.reason ?? "" }, options);
  } else if (type === "subscription") {
    await validateSubscriptionRequest(
      ctx,
      actor,
      { requestId: item.requestId, ...BULK_SUBSCRIPTION_CHOICE },
      options,
    );
  } else {
    const request = await findAttachmentRequestDetails(ctx.prisma, item.requestId);
    const choice = bulkAttachmentChoice(request);
    await validateAttachmentRequest(ctx, actor, { requestId: item.requestId, ...choice }, options);
  }
}

/** Requests decided per transaction: a few statements each, whatever its size. */
const BATCH_SIZE = 100;

/** What deciding a batch gave each of its items: DONE, or the error that says why not. */
type ItemOutcomes = Map<BulkRunItem, AppError | "DONE">;

/** The requests of one kind a batch may decide, and the items that cannot be, with why. */
function sortJudged<T>(
  items: readonly BulkRunItem[],
  judged: Map<string, T | AppError>,
  outcomes: ItemOutcomes,
): { item: BulkRunItem; decidable: T }[] {
  return items.flatMap((item) => {
    const decidable = judged.get(item.requestId);
    if (decidable === undefined) throw new Error(`request ${item.requestId} was not judged`);
    if (decidable instanceof AppError) {
      outcomes.set(item, decidable);
      return [];
    }
    return [{ item, decidable }];
  });
}

/** Runs a check on each item; those that fail it get their error as outcome. */
function passing<T, R>(
  candidates: readonly { item: BulkRunItem; decidable: T }[],
  check: (decidable: T) => R,
  outcomes: ItemOutcomes,
): { item: BulkRunItem; checked: R }[] {
  return candidates.flatMap(({ item, decidable }) => {
    try {
      return [{ item, checked: check(decidable) }];
    } catch (error) {
      if (!isAppError(error)) throw error;
      outcomes.set(item, error);
      return [];
    }
  });
}

/** One kind's steps in a batch: how its requests are read and judged, checked, validated, recorded. */
interface KindSteps<
  Decidable,
  Validation extends { request: RequestDetails },
  Made extends { request: RequestDetails } = Validation,
> {
  type: RequestType;
  load(
    tx: Tx,
    messages: ServiceContext["messages"],
    actor: Actor,
    ids: readonly string[],
  ): Promise<Map<string, Decidable | AppError>>;
  requestOf(decidable: Decidable): RequestDetails;
  /** The run's defaults, checked as a single decision checks a manager's choice. */
  check(messages: ServiceContext["messages"], decidable: Decidable): Validation;
  apply(tx: Tx, decision: Decision, validations: readonly Validation[]): Promise<Made[]>;
  record(decision: Decision, made: Made): DecisionRecord;
}

/** A kind's steps, with the decision of its items in a batch bound to them (one list for both kinds). */
function kindSteps<
  Decidable,
  Validation extends { request: RequestDetails },
  Made extends { request: RequestDetails } = Validation,
>(steps: KindSteps<Decidable, Validation, Made>) {
  return {
    type: steps.type,
    decide: (
      tx: Tx,
      ctx: ServiceContext,
      run: BulkRun,
      decision: Decision,
      items: readonly BulkRunItem[],
      outcomes: ItemOutcomes,
    ) => decideKind(tx, ctx, run, decision, steps, items, outcomes),
  };
}

const ATTACHMENT_STEPS = kindSteps<
  DecidableAttachmentRequest,
  AttachmentValidation,
  MadeAttachmentValidation
>({
  type: "attachment",
  load: loadDecidableAttachmentRequests,
  requestOf: (decidable) => decidable.request,
  check: (messages, decidable) =>
    checkAttachmentValidation(messages, decidable, bulkAttachmentChoice(decidable.request)),
  apply: applyAttachmentValidations,
  record: attachmentValidationRecord,
});

/** The subscription requests of a batch a manager may decide, each with its requester's role. */
async function loadDecidableSubscriptions(
  tx: Tx,
  messages: ServiceContext["messages"],
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, DecidableSubscriptionRequest | AppError>> {
  const judged = await loadDecidableSubscriptionRequests(tx, messages, actor, ids);
  const requests = [...judged.values()].filter(
    (value): value is SubscriptionRequestDetails => !(value instanceof AppError),
  );
  const decidable = await withRequesterRoles(tx, requests);
  const result = new Map<string, DecidableSubscriptionRequest | AppError>(
    decidable.map((entry) => [entry.request.id, entry]),
  );
  for (const [id, value] of judged) if (value instanceof AppError) result.set(id, value);
  return result;
}

const SUBSCRIPTION_STEPS = kindSteps<DecidableSubscriptionRequest, SubscriptionValidation>({
  type: "subscription",
  load: loadDecidableSubscriptions,
  requestOf: (decidable) => decidable.request,
  check: (messages, request) => checkSubscriptionValidation(messages, request, BULK_SUBSCRIPTION_CHOICE),
  apply: applySubscriptionValidations,
  record: subscriptionValidationRecord,
});

/**
 * Decides the items of one kind of a batch with the run's defaults (see decideItem), set-based:
 * the requests are read and judged together, claimed by one conditional update, granted together.
 * Returns the decisions made, each with its item; every item gets its outcome.
 */
async function decideKind<
  Decidable,
  Validation extends { request: RequestDetails },
  Made extends { request: RequestDetails },
>(
  tx: Tx,
  ctx: ServiceContext,
  run: BulkRun,
  decision: Decision,
  steps: KindSteps<Decidable, Validation, Made>,
  items: readonly BulkRunItem[],
  outcomes: ItemOutcomes,
): Promise<{ item: BulkRunItem; record: DecisionRecord }[]> {
  const { messages } = ctx;
  const ids = items.map((item) => item.requestId);
  const judged = await steps.load(tx, messages, decision.actor, ids);
  const decidable = sortJudged(items, judged, outcomes);
  let made: { request: RequestDetails; record: DecisionRecord }[];
  let tried: RequestDetails[];
  if (run.action === "REFUSE") {
    tried = decidable.map((candidate) => steps.requestOf(candidate.decidable));
    made = await refuseAll(tx, decision, steps.type, tried);
  } else {
    const checked = passing(decidable, (candidate) => steps.check(messages, candidate), outcomes);
    tried = checked.map((candidate) => candidate.checked.request);
    const validated = await steps.apply(
      tx,
      decision,
      checked.map((candidate) => candidate.checked),
    );
    made = validated.map((validation) => ({
      request: validation.request,
      record: steps.record(decision, validation),
    }));
  }
  const madeIds = new Set(made.map(({ request }) => request.id));
  const itemOf = new Map(items.map((item) => [item.requestId, item]));
  const itemFor = (request: RequestDetails) => {
    const item = itemOf.get(request.id);
    if (!item) throw new Error(`request ${request.id} is not an item of the batch`);
    return item;
  };
  for (const request of tried) {
    // Not claimed: another decision took the request between the read and the claim.
    if (!madeIds.has(request.id))
      outcomes.set(itemFor(request), await alreadyDecidedNow(tx, messages, request));
  }
  return made.map(({ request, record }) => {
    outcomes.set(itemFor(request), "DONE");
    return { item: itemFor(request), record };
  });
}

/** Refuses requests of one kind with the run's reason: one claim for all. */
async function refuseAll(
  tx: Tx,
  decision: Decision,
  type: RequestType,
  requests: readonly RequestDetails[],
): Promise<{ request: RequestDetails; record: DecisionRecord }[]> {
  const claimed = await claimPendingRequests(
    tx,
    type,
    requests.map((request) => request.id),
    decision,
  );
  return requests
    .filter((request) => claimed.has(request.id))
    .map((request) => ({ request, record: refusalRecord(decision, request) }));
}

/**
 * Decides a batch of a run's items in one transaction, set-based, and writes each item's outcome
 * in it. Returns the requests decided. An unexpected error rolls the whole batch back: the caller
 * then decides its items one by one, so that one bad item never blocks the rest.
 */
async function decideBatch(
  ctx: ServiceContext,
  actor: Actor,
  run: BulkRun,
  items: readonly BulkRunItem[],
): Promise<RequestDetails[]> {
  const at = ctx.now();
  const decision =
    run.action === "REFUSE"
      ? refusalDecision(actor, at, run.reason ?? "")
      : { actor, at, outcome: { status: "VALIDATED" as const, decisionComment: null } };
  const outcomes: ItemOutcomes = new Map();
  return inTransaction(ctx.prisma, async (tx) => {
    const made: { item: BulkRunItem; record: DecisionRecord }[] = [];
    for (const steps of [ATTACHMENT_STEPS, SUBSCRIPTION_STEPS]) {
      const ofKind = items.filter((item) => requestTypeOf(item) === steps.type);
      if (ofKind.length > 0) made.push(...(await steps.decide(tx, ctx, run, decision, ofKind, outcomes)));
    }
    // In the order of the selection, as the history lists them.
    made.sort((a, b) => a.item.position - b.item.position);
    const records = made.map(({ record }) => record);
    const decided = await recordDecisions(tx, ctx.messages, records, { emailRequester: false });
    const done = [...outcomes].filter(([, outcome]) => outcome === "DONE").map(([item]) => item.id);
    await tx.bulkRunItem.updateMany({
      where: { id: { in: done }, outcome: null },
      data: { outcome: "DONE" },
    });
    for (const [item, outcome] of outcomes) {
      if (outcome !== "DONE") await recordFailure(ctx, tx, run, item, outcome);
    }
    return decided;
  });
}

function requestTypeOf(item: BulkRunItem): RequestType {
  return isRequestType(item.requestType) ? item.requestType : "attachment";
}

async function recordFailure(
  ctx: ServiceContext,
  db: Tx | ServiceContext["prisma"],
  run: BulkRun,
  item: BulkRunItem,
  error: unknown,
): Promise<void> {
  const outcome = (isAppError(error) && OUTCOME_OF_ERROR[error.code]) || "FAILED";
  if (!isAppError(error)) ctx.logger.error({ err: error, itemId: item.id }, "bulk decision item failed");
  const detail = isAppError(error) ? error.message : ctx.messages.errors.unexpected;
  if (outcome === "FORBIDDEN") {
    const who = { actorId: run.actorId, slackUserId: run.actorSlackUserId, requestId: item.requestId };
    ctx.logger.warn(
      { ...who, runId: run.id, action: `bulk_${run.action.toLowerCase()}`, reason: detail },
      "refused action attempt",
    );
  }
  // Only an item without outcome: when a process that lost the run's lease tries an item the new
  // owner has just decided, its "already decided" must not overwrite that DONE.
  await db.bulkRunItem.updateMany({
    where: { id: item.id, outcome: null },
    data: { outcome, detail },
  });
}

/**
 * Extends the run's lease if this process still holds it: the lease it set is its token, so after
 * another process took the run over (this one paused past its lease), the update matches nothing.
 * Returns the new lease, or null when the run is no longer this process's.
 */
async function renewLease(ctx: ServiceContext, runId: string, heldUntil: Date): Promise<Date | null> {
  const leaseUntil = new Date(ctx.now().getTime() + BULK_LEASE_MS);
  const renewed = await ctx.prisma.bulkRun.updateMany({
    where: { id: runId, status: "RUNNING", leaseUntil: heldUntil },
    data: { leaseUntil },
  });
  return renewed.count === 1 ? leaseUntil : null;
}

/** What a finished run did: the requests it decided, and the items it could not, with why. */
export interface BulkRunOutcomes {
  action: BulkAction;
  decided: RequestDetails[];
  problems: { item: BulkRunItem; request: RequestDetails | null }[];
}

async function readRunOutcomes(db: Tx | ServiceContext["prisma"], run: BulkRun): Promise<BulkRunOutcomes> {
  const items = await db.bulkRunItem.findMany({ where: { runId: run.id }, orderBy: { position: "asc" } });
  const requests = new Map<string, RequestDetails>();
  for (const type of REQUEST_TYPES) {
    const ids = items.filter((item) => requestTypeOf(item) === type).map((item) => item.requestId);
    if (ids.length === 0) continue;
    for (const request of await findRequestDetailsList(db, type, ids))
      requests.set(`${type}:${request.id}`, request);
  }
  const decided: RequestDetails[] = [];
  const problems: BulkRunOutcomes["problems"] = [];
  for (const item of items) {
    const request = requests.get(`${requestTypeOf(item)}:${item.requestId}`) ?? null;
    if (item.outcome === "DONE" && request) decided.push(request);
    else problems.push({ item, request });
  }
  return { action: run.action, decided, problems };
}

/** A finished run's outcomes, for its summary (rendered when delivered); null when there is no such run. */
export async function loadBulkRunOutcomes(
  ctx: ServiceContext,
  runId: string,
): Promise<BulkRunOutcomes | null> {
  const run = await ctx.prisma.bulkRun.findUnique({ where: { id: runId } });
  return run && readRunOutcomes(ctx.prisma, run);
}

/**
 * The end of a run (the caller has closed it): one e-mail per requester, and the summary to the
 * manager, queued as the run's id and rendered when delivered.
 */
async function finishRun(ctx: ServiceContext, tx: Tx, run: BulkRun): Promise<void> {
  const { decided } = await readRunOutcomes(tx, run);
  const byRequester = groupBy(decided, (request) => request.requester.id);
  await enqueueDeliveries(tx, [
    ...[...byRequester.values()].flatMap((requests): QueuedDelivery[] => [
      { kind: "EMAIL", payload: bulkDecisionEmail(ctx.messages, requests) },
      { kind: "SLACK_TELL_REQUESTER", payload: toldRequester(requests) },
    ]),
    { kind: "SLACK_BULK_SUMMARY", payload: { bulkRunId: run.id, accountId: run.actorId } },
  ]);
}

/**
 * Decides every undecided item of a run, one transaction per request so one failure never blocks
 * the rest, renewing the run's lease when half of it is spent; then finishes it. Safe to call again
 * on a run a crashed process left: decided items are skipped. A process that finds its lease taken
 * over stops there and leaves the rest, and the end, to the new owner.
 */
export async function runBulkDecision(ctx: ServiceContext, runId: string): Promise<void> {
  const run = await ctx.prisma.bulkRun.findUnique({ where: { id: runId } });
  if (run?.status !== "RUNNING") return;
  const account = await ctx.prisma.userAccount.findUniqueOrThrow({ where: { id: run.actorId } });
  const actor: Actor = {
    accountId: account.id,
    name: `${account.firstName} ${account.lastName}`,
    slackUserId: run.actorSlackUserId || null,
    // Its requests were each checked, workspace included, when the run was started.
    teamId: null,
  };
  const pending = await ctx.prisma.bulkRunItem.findMany({
    where: { runId, outcome: null },
    orderBy: { position: "asc" },
  });
  let lease = run.leaseUntil;
  for (let start = 0; start < pending.length; start += BATCH_SIZE) {
    if (lease.getTime() - ctx.now().getTime() < BULK_LEASE_MS / 2) {
      const renewed = await renewLease(ctx, runId, lease);
      if (!renewed) {
        ctx.logger.warn({ runId }, "bulk decision taken over by another process");
        return;
      }
      lease = renewed;
    }
    const batch = pending.slice(start, start + BATCH_SIZE);
    try {
      const decided = await decideBatch(ctx, actor, run, batch);
      for (const request of decided) decisionCommitted(ctx, request, { emailRequester: false });
    } catch (error) {
      ctx.logger.warn({ err: error, runId }, "bulk batch failed: deciding its items one by one");
      for (const item of batch) {
        try {
          await decideItem(ctx, actor, run, item);
        } catch (itemError) {
          await recordFailure(ctx, ctx.prisma, run, item, itemError);
        }
      }
    }
  }
  const finished = await inTransaction(ctx.prisma, async (tx) => {
    // Closing the run is the claim on its end: of two processes reaching it, only the lease holder
    // closes it, once, and only then are the e-mails and the summary queued.
    const closed = await tx.bulkRun.updateMany({
      where: { id: runId, status: "RUNNING", leaseUntil: lease },
      data: { status: "DONE", finishedAt: ctx.now() },
    });
    if (closed.count === 1) await finishRun(ctx, tx, run);
    return closed.count === 1;
  });
  if (!finished) {
    ctx.logger.warn({ runId }, "bulk decision finished or taken over by another process");
    return;
  }
  ctx.outboxWritten();
  ctx.logger.info({ runId, decided: pending.length }, "bulk decision finished");
}

/**
 * Resumes the runs whose process stopped (lease expired): each is taken by one process only, through
 * a conditional update of its lease.
 */
export async function resumeStaleBulkRuns(ctx: ServiceContext): Promise<number> {
  const now = ctx.now();
  const stale = await ctx.prisma.bulkRun.findMany({
    where: { status: "RUNNING", leaseUntil: { lt: now } },
    select: { id: true },
  });
  let resumed = 0;
  for (const { id } of stale) {
    const taken = await ctx.prisma.bulkRun.updateMany({
      where: { id, status: "RUNNING", leaseUntil: { lt: now } },
      data: { leaseUntil: new Date(now.getTime() + BULK_LEASE_MS) },
    });
    if (taken.count === 0) continue;
    resumed += 1;
    await runBulkDecision(ctx, id);
  }
  return resumed;
}
