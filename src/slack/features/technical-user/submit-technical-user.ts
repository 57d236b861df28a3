import type {
  AllMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewResponseAction,
  ViewSubmitAction,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { AppError, isAppError } from "../../../errors.ts";
import { buildConnectionPdf } from "../../../export/connection-pdf.ts";
import { parisIsoDay } from "../../../export/excel-csv.ts";
import {
  createTechnicalUser,
  type TechnicalCredentials,
} from "../../../services/accounts/create-technical-user.ts";
import { resetTechnicalPassword } from "../../../services/accounts/reset-technical-password.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { uploadFileToDm } from "../../upload-file.ts";
import {
  decodeTechnicalUserTarget,
  readCreateTechnicalUserSubmission,
  technicalUserFieldBlocks,
  technicalUserNoticeModal,
} from "./technical-user-modals.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Bad input as field errors in the modal; anything else replaces the modal with the reason. */
function failureAnswer(ctx: ServiceContext, error: unknown, slackUserId: string): ViewResponseAction {
  if (isAppError(error) && error.code === "invalid_input" && error.details.length > 0)
    return modalErrorAnswer(ctx, error, slackUserId, technicalUserFieldBlocks);
  return {
    response_action: "update",
    view: technicalUserNoticeModal(ctx.messages, explainToUser(ctx, error, slackUserId)),
  };
}

/**
 * Builds the connection PDF and sends it to the manager by DM, after the modal is answered. The
 * password exists only in these bytes: if the upload fails, the manager is told to reset it (the
 * error is logged, never the password).
 */
async function sendConnectionPdf(
  ctx: ServiceContext,
  client: WebClient,
  slackUserId: string,
  credentials: TechnicalCredentials,
  event: "created" | "password_reset",
): Promise<void> {
  const { structure, account, password, at } = credentials;
  const labels = ctx.messages.technicalUser.pdf;
  try {
    const bytes = await buildConnectionPdf(ctx.messages, {
      structure,
      loginEmail: account.loginEmail,
      password,
      at,
      event,
    });
    await uploadFileToDm(client, {
      slackUserId,
      filename: labels.filename(structure.identifier, parisIsoDay(at)),
      title: labels.fileTitle(structure.identifier),
      bytes,
    });
  } catch (error) {
    ctx.logger.error(
      { err: error, structureId: structure.id, userId: account.id },
      "connection PDF not sent",
    );
    await client.chat.postMessage({ channel: slackUserId, text: ctx.messages.technicalUser.pdfNotSent });
  }
}

/** Submission of "Créer un utilisateur technique": creates it, then sends the connection PDF by DM. */
export function submitCreateTechnicalUser(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let credentials: TechnicalCredentials;
    try {
      const target = decodeTechnicalUserTarget(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.detach.structureNotFound);
      const who = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      credentials = await createTechnicalUser(ctx, actor, {
        structureId: target.structureId,
        ...readCreateTechnicalUserSubmission(view.state.values),
      });
    } catch (error) {
      await ack(failureAnswer(ctx, error, body.user.id));
      return;
    }
    const text = ctx.messages.technicalUser.created(credentials.account.loginEmail);
    await ack({ response_action: "update", view: technicalUserNoticeModal(ctx.messages, text) });
    await sendConnectionPdf(ctx, client, body.user.id, credentials, "created");
  };
}

/** Confirmation of "Réinitialiser le mot de passe": resets it, then sends the new PDF by DM. */
export function submitResetTechnicalPassword(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let credentials: TechnicalCredentials;
    try {
      const target = decodeTechnicalUserTarget(view.private_metadata);
      if (!target?.userId) throw new AppError("not_found", ctx.messages.technicalUser.notFound);
      const who = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      credentials = await resetTechnicalPassword(ctx, actor, {
        structureId: target.structureId,
        userId: target.userId,
      });
    } catch (error) {
      await ack(failureAnswer(ctx, error, body.user.id));
      return;
    }
    const text = ctx.messages.technicalUser.passwordReset(credentials.account.loginEmail);
    await ack({ response_action: "update", view: technicalUserNoticeModal(ctx.messages, text) });
    await sendConnectionPdf(ctx, client, body.user.id, credentials, "password_reset");
  };
}
