import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { CsvExport } from "../../../services/exports/export-scope.ts";
import { exportFluxRejectFiles } from "../../../services/flux-rejects/export-flux-reject-file.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { uploadExportToDm } from "../../upload-file.ts";
import {
  FLUX_REJECTS_FIELD_BLOCKS,
  fluxRejectsSendingModal,
  readFluxRejectsSelection,
} from "./flux-rejects-modal.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * "Recevoir" in the reject files list: every chosen file is checked again (still kept, still one of
 * the manager's structures) before the modal closes; then each is uploaded by DM, one after the other,
 * after the ack (uploads can outlast Slack's 3 seconds).
 */
export function submitFluxRejects(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let files: CsvExport[];
    try {
      const { teamId } = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
      files = await exportFluxRejectFiles(ctx, actor, {
        fileIds: readFluxRejectsSelection(view.state.values),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, FLUX_REJECTS_FIELD_BLOCKS));
      return;
    }
    await ack({ response_action: "update", view: fluxRejectsSendingModal(ctx.messages, files.length) });
    for (const exported of files) {
      try {
        await uploadExportToDm(client, body.user.id, exported);
      } catch (error) {
        ctx.logger.error({ err: error, filename: exported.filename }, "flux reject file not sent");
      }
    }
  };
}
