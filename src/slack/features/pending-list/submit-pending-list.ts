import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { listFilteredRequests } from "../../../services/requests/load-pending-list.ts";
import { runBulkDecision } from "../../../services/requests/run-bulk-decision.ts";
import { startBulkRun } from "../../../services/requests/start-bulk-run.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { BlockIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { bulkStartedModal, decodeListState, readPendingListSubmission } from "./pending-list-modal.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Where the bulk decision's field errors show in the list modal. */
const FIELD_BLOCKS: Record<string, string> = {
  selection: BlockIds.pendingSelectAll,
  action: BlockIds.bulkAction,
  reason: BlockIds.reason,
};

/**
 * "Appliquer" in the list: records the bulk run (so a crash loses nothing), acks with "en cours",
 * then decides the selection in the background; the summary arrives by DM when it is done.
 */
export function submitPendingList(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const { teamId } = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
      const submission = readPendingListSubmission(view.state.values);
      const { action } = submission;
      if (!action) {
        const message = ctx.messages.errors.bulkActionInvalid;
        throw new AppError("invalid_input", message, [{ field: "action", message }]);
      }
      const selection = submission.selectAll
        ? await listFilteredRequests(ctx, actor, decodeListState(view.private_metadata))
        : submission.selected;
      const runId = await startBulkRun(ctx, actor, {
        teamId,
        action,
        reason: submission.reason,
        selection,
        submissionKey: `${view.id}:${view.hash}`,
      });
      await ack({ response_action: "update", view: bulkStartedModal(ctx.messages, selection.length) });
      runBulkDecision(ctx, runId).catch((error: unknown) => {
        ctx.logger.error({ err: error, runId }, "bulk decision stopped; it will be resumed");
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, FIELD_BLOCKS));
    }
  };
}
