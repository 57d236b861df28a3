import { inTransaction } from "../db/transaction.ts";
import { MAX_DECISION_TEXT, type RequestType } from "../domain/requests.ts";
import { AppError } from "../errors.ts";
import type { BulkAction } from "../generated/prisma/enums.ts";
import type { ServiceContext } from "./context.ts";
import type { Actor } from "./slack-identities.ts";

/** How long a process owns a bulk run before another may resume it (renewed while it works). */
export const BULK_LEASE_MS = 2 * 60 * 1000;

export interface StartBulkRunInput {
  teamId: string;
  action: BulkAction;
  /** One reason for the whole selection, required to refuse. */
  reason: string | null;
  selection: { type: RequestType; id: string }[];
}

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
  const reason = input.reason?.trim() || null;
  if (input.action === "REFUSE" && !reason) {
    throw new AppError("invalid_input", messages.errors.reasonRequired, [
      { field: "reason", message: messages.errors.reasonRequired },
    ]);
  }
  if (reason && reason.length > MAX_DECISION_TEXT) {
    const message = messages.errors.textTooLong(MAX_DECISION_TEXT);
    throw new AppError("invalid_input", message, [{ field: "reason", message }]);
  }
  const unique = [...new Map(input.selection.map((item) => [`${item.type}:${item.id}`, item])).values()];
  const run = await inTransaction(ctx.prisma, async (tx) => {
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
    return created;
  });
  ctx.logger.info({ runId: run.id, action: input.action, count: unique.length }, "bulk decision started");
  return run.id;
}
