import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import type { CsvExport } from "../../../services/exports/export-scope.ts";
import { exportHistory } from "../../../services/history/export-history.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { uploadExportToDm } from "../../upload-file.ts";
import { decodeHistoryState, historyNoticeModal } from "./history-modal.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * "Exporter (CSV)", the history modal's button: the filtered history is checked (manager, period)
 * before the ack, which pushes a notice over the list; the file is then built and uploaded by DM
 * (that can outlast Slack's 3 seconds).
 */
export function submitHistory(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let exported: CsvExport;
    try {
      const state = decodeHistoryState(view.private_metadata);
      if (!state) throw new AppError("invalid_input", ctx.messages.errors.invalidInput);
      const { teamId } = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
      exported = await exportHistory(ctx, actor, state);
    } catch (error) {
      const text = explainToUser(ctx, error, body.user.id);
      await ack({ response_action: "push", view: historyNoticeModal(ctx.messages, text) });
      return;
    }
    await ack({
      response_action: "push",
      view: historyNoticeModal(ctx.messages, ctx.messages.history.exportSent(exported.filename)),
    });
    try {
      await uploadExportToDm(client, body.user.id, exported);
    } catch (error) {
      ctx.logger.error({ err: error, filename: exported.filename }, "history export not sent");
    }
  };
}
