import { inTransaction, type Tx } from "../db/transaction.ts";
import { groupBy } from "../domain/group-by.ts";
import { isRequestType, type RequestDetails } from "../domain/requests.ts";
import { isAppError } from "../errors.ts";
import type { BulkItemOutcome, BulkRun, BulkRunItem } from "../generated/prisma/client.ts";
import { bulkDecisionEmail } from "../notify/emails.ts";
import { enqueueDelivery } from "../notify/outbox.ts";
import { bulkSummaryMessage } from "../slack/views/bulk-summary-message.ts";
import type { ServiceContext } from "./context.ts";
import { refuseRequest } from "./refuse-request.ts";
import type { DecisionOptions } from "./request-decision.ts";
import { findAttachmentRequestDetails, findRequestDetails } from "./request-details.ts";
import type { Actor } from "./slack-identities.ts";
import { BULK_LEASE_MS } from "./start-bulk-run.ts";
import { validateAttachmentRequest } from "./validate-attachment-request.ts";
import { validateSubscriptionRequest } from "./validate-subscription-request.ts";

/** Items decided between two renewals of the run's lease. */
const LEASE_RENEWAL_EVERY = 25;

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

async function recordFailure(ctx: ServiceContext, item: BulkRunItem, error: unknown): Promise<void> {
  const outcome = (isAppError(error) && OUTCOME_OF_ERROR[error.code]) || "FAILED";
  if (!isAppError(error)) ctx.logger.error({ err: error, itemId: item.id }, "bulk decision item failed");
  const detail = isAppError(error) ? error.message : ctx.messages.errors.unexpected;
  await ctx.prisma.bulkRunItem.update({ where: { id: item.id }, data: { outcome, detail } });
}

/** The end of a run, once: one e-mail per requester, the summary to the manager, the run closed. */
async function finishRun(ctx: ServiceContext, tx: Tx, run: BulkRun): Promise<void> {
  const items = await tx.bulkRunItem.findMany({ where: { runId: run.id }, orderBy: { position: "asc" } });
  const decided: RequestDetails[] = [];
  const problems: { item: BulkRunItem; request: RequestDetails | null }[] = [];
  for (const item of items) {
    const type = isRequestType(item.requestType) ? item.requestType : "attachment";
    const request = await findRequestDetails(tx, type, item.requestId);
    if (item.outcome === "DONE" && request) decided.push(request);
    else problems.push({ item, request });
  }
  const byRequester = groupBy(decided, (request) => request.requester.id);
  for (const requests of byRequester.values()) {
    await enqueueDelivery(tx, "EMAIL", bulkDecisionEmail(ctx.messages, requests));
  }
  const summary = bulkSummaryMessage(ctx.messages, { action: run.action, done: decided.length, problems });
  await enqueueDelivery(tx, "SLACK_POST_MESSAGE", { channel: null, accountId: run.actorId, ...summary });
  await tx.bulkRun.update({ where: { id: run.id }, data: { status: "DONE", finishedAt: ctx.now() } });
}

/**
 * Decides every undecided item of a run, one transaction per request so one failure never blocks
 * the rest, renewing the run's lease as it goes; then finishes it. Safe to call again on a run a
 * crashed process left: decided items are skipped.
 */
export async function runBulkDecision(ctx: ServiceContext, runId: string): Promise<void> {
  const run = await ctx.prisma.bulkRun.findUnique({ where: { id: runId } });
  if (run?.status !== "RUNNING") return;
  const account = await ctx.prisma.userAccount.findUniqueOrThrow({ where: { id: run.actorId } });
  const actor: Actor = {
    accountId: account.id,
    name: `${account.firstName} ${account.lastName}`,
    slackUserId: run.actorSlackUserId || null,
  };
  const pending = await ctx.prisma.bulkRunItem.findMany({
    where: { runId, outcome: null },
    orderBy: { position: "asc" },
  });
  for (const [index, item] of pending.entries()) {
    if (index > 0 && index % LEASE_RENEWAL_EVERY === 0) {
      await ctx.prisma.bulkRun.update({
        where: { id: runId },
        data: { leaseUntil: new Date(ctx.now().getTime() + BULK_LEASE_MS) },
      });
    }
    try {
      await decideItem(ctx, actor, run, item);
    } catch (error) {
      await recordFailure(ctx, item, error);
    }
  }
  await inTransaction(ctx.prisma, async (tx) => {
    const current = await tx.bulkRun.findUnique({ where: { id: runId } });
    if (current?.status === "RUNNING") await finishRun(ctx, tx, current);
  });
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
