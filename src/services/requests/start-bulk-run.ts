import { inTransaction } from "../../db/transaction.ts";
import type { RequestType } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import type { BulkAction } from "../../generated/prisma/enums.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { checkRefusalReason } from "./refuse-request.ts";

/** How long a process owns a bulk run before another may resume it (renewed while it works). */
export const BULK_LEASE_MS = 2 * 60 * 1000;

export interface StartBulkRunInput {
  teamId: string;
  action: BulkAction;
  /** One reason for the whole selection, required to refuse. */
  reason: string | null;
  selection: { type: RequestType; id: string }[];
  /**
   * The list modal's submission (view id and hash): a double submission or a Slack retry carries
   * the same, and gets the run already started instead of a second one.
   */
  submissionKey?: string;
}

/** The namespace of Slack submissions among the idempotency records (the API's are token hashes). */
const SLACK_SUBMISSIONS = "slack_view_submission";
const BULK_ROUTE = "bulk_run";

/**
 * "Valider/Refuser la sélection": records the run and its items before anything is decided, so the
 * work survives a crash and is resumed; the caller then runs it with `runBulkDecision`.
 */
export async function startBulkRun(
  ctx: ServiceContext,
  actor: Actor,
  input: StartBulkRunInput,
): Promise<string> {
  const { messages } = ctx;
  if (input.selection.length === 0) {
    throw new AppError("invalid_input", messages.errors.selectionEmpty, [
      { field: "selection", message: messages.errors.selectionEmpty },
    ]);
  }
  // A validation has no reason: one typed before choosing "Valider la sélection" is not kept.
  const reason = input.action === "REFUSE" ? checkRefusalReason(messages, input.reason ?? "") : null;
  const unique = [...new Map(input.selection.map((item) => [`${item.type}:${item.id}`, item])).values()];
  const run = await inTransaction(ctx.prisma, async (tx) => {
    const submission = input.submissionKey
      ? { clientHash: SLACK_SUBMISSIONS, key: input.submissionKey }
      : null;
    if (submission) {
      // ON CONFLICT DO NOTHING: a concurrent copy waits for this transaction, then finds its run.
      const claimed = await tx.idempotencyRecord.createMany({
        data: [{ ...submission, route: BULK_ROUTE, requestHash: "", responseStatus: 200, responseBody: {} }],
        skipDuplicates: true,
      });
      if (claimed.count === 0) {
        const existing = await tx.idempotencyRecord.findUniqueOrThrow({
          where: { clientHash_key: submission },
        });
        return { id: String((existing.responseBody as { runId?: string }).runId), again: true };
      }
    }
    const created = await tx.bulkRun.create({
      data: {
        action: input.action,
        actorId: actor.accountId,
        actorSlackUserId: actor.slackUserId ?? "",
        teamId: input.teamId,
        reason,
        leaseUntil: new Date(ctx.now().getTime() + BULK_LEASE_MS),
      },
    });
    await tx.bulkRunItem.createMany({
      data: unique.map((item, position) => ({
        runId: created.id,
        requestType: item.type,
        requestId: item.id,
        position,
      })),
    });
    if (submission) {
      await tx.idempotencyRecord.update({
        where: { clientHash_key: submission },
        data: { responseBody: { runId: created.id } },
      });
    }
    return { id: created.id, again: false };
  });
  if (run.again) ctx.logger.info({ runId: run.id }, "bulk decision submitted again: the run already started");
  else
    ctx.logger.info({ runId: run.id, action: input.action, count: unique.length }, "bulk decision started");
  return run.id;
}
