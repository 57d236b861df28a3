import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError, isAppError } from "../../../errors.ts";
import { refuseAttachmentRequest } from "../../../services/refuse-attachment-request.ts";
import { resolveSlackActor } from "../../../services/slack-identities.ts";
import { validateAttachmentRequest } from "../../../services/validate-attachment-request.ts";
import {
  decodeModalMetadata,
  modalFieldBlocks,
  noticeModal,
  readRefuseSubmission,
  readValidateSubmission,
} from "../../views/attachment-request-modals.ts";
import type { ListenerDeps } from "../deps.ts";
import { explainToUser } from "../user-errors.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Submission of the "Valider" or "Refuser" modal. The decision is made before the ack (a single
 * short transaction) so that bad input comes back as field errors in the modal, and a request decided
 * meanwhile (double submission, another manager) replaces the modal with "déjà traitée".
 */
export function submitAttachmentDecision(deps: ListenerDeps, decision: "validate" | "refuse") {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const metadata = decodeModalMetadata(view.private_metadata);
      if (!metadata) throw new AppError("not_found", ctx.messages.errors.requestNotFound);
      const who = { teamId: body.team?.id ?? body.user.team_id ?? "", slackUserId: body.user.id };
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      if (decision === "validate") {
        await validateAttachmentRequest(ctx, actor, {
          requestId: metadata.requestId,
          ...readValidateSubmission(view.state.values),
        });
      } else {
        await refuseAttachmentRequest(ctx, actor, {
          requestId: metadata.requestId,
          ...readRefuseSubmission(view.state.values),
        });
      }
      await ack();
    } catch (error) {
      if (isAppError(error) && error.code === "invalid_input" && error.details.length > 0) {
        const errors = Object.fromEntries(
          error.details.map((detail) => [modalFieldBlocks[detail.field] ?? detail.field, detail.message]),
        );
        await ack({ response_action: "errors", errors });
        return;
      }
      const text = explainToUser(ctx, error, body.user.id);
      await ack({ response_action: "update", view: noticeModal(ctx.messages, text) });
    }
  };
}
