import { inTransaction, type Tx } from "../../db/transaction.ts";
import { groupBy } from "../../domain/group-by.ts";
import { isRequestType, type RequestDetails } from "../../domain/requests.ts";
import { isAppError } from "../../errors.ts";
import type { BulkAction, BulkItemOutcome, BulkRun, BulkRunItem } from "../../generated/prisma/client.ts";
import { bulkDecisionEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { refuseRequest } from "./refuse-request.ts";
import type { DecisionOptions } from "./request-decision.ts";
import { findAttachmentRequestDetails, findRequestDetails } from "./request-details.ts";
import { BULK_LEASE_MS } from "./start-bulk-run.ts";
import { validateAttachmentRequest } from "./validate-attachment-request.ts";
import { validateSubscriptionRequest } from "./validate-subscription-request.ts";

const OUTCOME_OF_ERROR: Record<string, BulkItemOutcome> = {
  already_decided: "ALREADY_DECIDED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
};

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
  const type = isRequestType(item.requestType) ? item.requestType : "attachment";
  if (run.action === "REFUSE") {
    await refuseRequest(ctx, actor, { type, requestId: item.requestId, reason: run.reason ?? "" }, options);
  } else if (type === "subscription") {
    await validateSubscriptionRequest(
      ctx,
      actor,
      { requestId: item.requestId, modificationItemIds: null, comment: null },
      options,
    );
  } else {
    const request = await findAttachmentRequestDetails(ctx.prisma, item.requestId);
    const asked = request?.requestedServices.map((service) => service.id) ?? [];
    await validateAttachmentRequest(
      ctx,
      actor,
      {
        requestId: item.requestId,
        role: "SIMPLE_USER",
        wholeStructure: asked.length === 0,
        serviceIds: asked,
        comment: null,
      },
      options,
    );
  }
}

async function recordFailure(
  ctx: ServiceContext,
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
  await ctx.prisma.bulkRunItem.updateMany({
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
  const decided: RequestDetails[] = [];
  const problems: BulkRunOutcomes["problems"] = [];
  for (const item of items) {
    const type = isRequestType(item.requestType) ? item.requestType : "attachment";
    const request = await findRequestDetails(db, type, item.requestId);
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
  for (const requests of byRequester.values()) {
    await enqueueDelivery(tx, "EMAIL", bulkDecisionEmail(ctx.messages, requests));
  }
  await enqueueDelivery(tx, "SLACK_BULK_SUMMARY", { bulkRunId: run.id, accountId: run.actorId });
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
  for (const item of pending) {
    if (lease.getTime() - ctx.now().getTime() < BULK_LEASE_MS / 2) {
      const renewed = await renewLease(ctx, runId, lease);
      if (!renewed) {
        ctx.logger.warn({ runId }, "bulk decision taken over by another process");
        return;
      }
      lease = renewed;
    }
    try {
      await decideItem(ctx, actor, run, item);
    } catch (error) {
      await recordFailure(ctx, run, item, error);
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
