import type { ViewResponseAction } from "@slack/bolt";
import type { ModalView, WebClient } from "@slack/web-api";
import { isAppError } from "../../errors.ts";
import type { ServiceContext } from "../../services/context.ts";
import { storageFullError } from "../../services/storage-full.ts";
import { noticeModal } from "../features/request-decision/request-modals.ts";
import { settledWithin } from "./ack-deadline.ts";
import { currentSlackAction } from "./slack-action.ts";

/**
 * Why a user's action did nothing, in their language: the AppError's message, or a generic one for
 * an unexpected error, which is logged with its stack (never swallowed). Refusals are logged too.
 */
export function explainToUser(ctx: ServiceContext, error: unknown, slackUserId: string): string {
  const action = currentSlackAction();
  const storageFull = storageFullError(ctx, error);
  if (storageFull) return storageFull.message;
  if (!isAppError(error)) {
    ctx.logger.error({ err: error, slackUserId, action }, "Slack action failed");
    return ctx.messages.errors.unexpected;
  }
  if (error.code === "forbidden")
    ctx.logger.warn({ slackUserId, action, reason: error.message }, "refused action attempt");
  return error.message;
}

/**
 * Why a submission did nothing, where its fields can no longer show their errors (the modal was
 * answered before the work ended, or has no field for them): the reason, then each field's error.
 */
function explainWithDetails(ctx: ServiceContext, error: unknown, slackUserId: string): string {
  const text = explainToUser(ctx, error, slackUserId);
  if (!isAppError(error) || error.details.length === 0) return text;
  return [text, ...error.details.map((detail) => `• ${detail.message}`)].join("\n");
}

/** Tells the user privately (an ephemeral message where they clicked) why their action did nothing. */
export async function reportToUser(
  ctx: ServiceContext,
  client: WebClient,
  where: { channelId: string | undefined; userId: string },
  error: unknown,
): Promise<void> {
  const text = explainToUser(ctx, error, where.userId);
  if (where.channelId)
    await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, text });
}

/**
 * The answer to a modal submission that failed: field errors in the modal for bad input (mapped from
 * the use case's field names to block ids), otherwise the modal replaced by the reason.
 */
export function modalErrorAnswer(
  ctx: ServiceContext,
  error: unknown,
  slackUserId: string,
  fieldBlocks: Record<string, string>,
): ViewResponseAction {
  if (isAppError(error) && error.code === "invalid_input" && error.details.length > 0) {
    const errors = Object.fromEntries(
      error.details.map((detail) => [fieldBlocks[detail.field] ?? detail.field, detail.message]),
    );
    return { response_action: "errors", errors };
  }
  return {
    response_action: "update",
    view: noticeModal(ctx.messages, explainToUser(ctx, error, slackUserId)),
  };
}

/**
 * Answers a modal submission with the outcome of `work`, started before the ack: its text in the
 * modal, field errors in place (`fieldBlocks`), or the reason it failed; still running at the ack
 * deadline (Chorus Pro slow to answer, dozens of structures handed over), the modal says
 * `inProgress` and shows the outcome when it ends.
 */
export async function answerWithOutcome(
  ctx: ServiceContext,
  submission: {
    ack: (answer: ViewResponseAction) => Promise<void>;
    client: WebClient;
    viewId: string;
    slackUserId: string;
  },
  work: Promise<string>,
  answer: {
    outcomeView: (text: string) => ModalView;
    inProgress: string;
    fieldBlocks: Record<string, string> | null;
  },
): Promise<void> {
  const { ack, client, viewId, slackUserId } = submission;
  const settled = await settledWithin(work);
  if (settled?.status === "fulfilled") {
    await ack({ response_action: "update", view: answer.outcomeView(settled.value) });
    return;
  }
  if (settled?.status === "rejected") {
    const error = settled.reason;
    if (answer.fieldBlocks && isAppError(error) && error.details.length > 0) {
      await ack(modalErrorAnswer(ctx, error, slackUserId, answer.fieldBlocks));
      return;
    }
    await ack({
      response_action: "update",
      view: answer.outcomeView(explainWithDetails(ctx, error, slackUserId)),
    });
    return;
  }
  await ack({ response_action: "update", view: answer.outcomeView(answer.inProgress) });
  const text = await work.catch((error: unknown) => explainWithDetails(ctx, error, slackUserId));
  await client.views.update({ view_id: viewId, view: answer.outcomeView(text) });
}
