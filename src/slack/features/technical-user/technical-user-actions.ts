import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { buildConnectionPdf } from "../../../export/connection-pdf.ts";
import { parisIsoDay } from "../../../export/excel-csv.ts";
import { loadTechnicalUser } from "../../../services/accounts/create-technical-user.ts";
import { exportTechnicalConnection } from "../../../services/accounts/export-technical-connection.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { uploadFileToDm } from "../../upload-file.ts";
import {
  decodeTechnicalUserTarget,
  resetTechnicalPasswordModal,
  technicalUserNoticeModal,
} from "./technical-user-modals.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A technical user's button, from a modal or a message: acknowledged at once, its target decoded and
 * the clicker identified, then `act`; any failure is told where the click came from (on top of the
 * modal, since a modal has no channel for an ephemeral message, or as an ephemeral).
 */
function onTechnicalUserButton(
  deps: ListenerDeps,
  act: (args: ButtonArgs, actor: Actor, target: { structureId: string; userId: string }) => Promise<void>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, client } = args;
    await ack();
    const { ctx } = deps;
    try {
      const target = decodeTechnicalUserTarget(action.value);
      if (!target?.userId) throw new AppError("not_found", ctx.messages.technicalUser.notFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      await act(args, actor, { structureId: target.structureId, userId: target.userId });
    } catch (error) {
      if (body.view !== undefined) {
        const view = technicalUserNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
        await client.views.push({ trigger_id: body.trigger_id, view });
      } else {
        const channelId = body.container?.channel_id ?? body.channel?.id;
        await reportToUser(ctx, client, { channelId, userId: body.user.id }, error);
      }
    }
  };
}

/**
 * "Réinitialiser le mot de passe (utilisateur technique)": checks (on the server) that the clicker is
 * the structure's principal manager and that the user is its technical user, then asks for
 * confirmation, on top of the modal the click came from (views.push) or in a new one.
 */
export function openResetTechnicalPassword(deps: ListenerDeps) {
  return onTechnicalUserButton(deps, async ({ body, client }, actor, target) => {
    const { ctx } = deps;
    const { structure, technicalUser } = await loadTechnicalUser(ctx, actor, { id: target.structureId });
    if (technicalUser?.id !== target.userId)
      throw new AppError("not_found", ctx.messages.technicalUser.notFound);
    const view = resetTechnicalPasswordModal(ctx.messages, structure, technicalUser);
    if (body.view !== undefined) await client.views.push({ trigger_id: body.trigger_id, view });
    else await client.views.open({ trigger_id: body.trigger_id, view });
  });
}

/**
 * "Exporter les informations de connexion": the connection PDF without the password (never stored),
 * sent by DM to the principal manager who asked; the modal then says so.
 */
export function exportTechnicalConnectionPdf(deps: ListenerDeps) {
  return onTechnicalUserButton(deps, async ({ body, client }, actor, target) => {
    const { ctx } = deps;
    const { structure, account, at } = await exportTechnicalConnection(ctx, actor, target);
    const labels = ctx.messages.technicalUser.pdf;
    const filename = labels.filename(structure.identifier, parisIsoDay(at));
    const bytes = await buildConnectionPdf(ctx.messages, {
      structure,
      loginEmail: account.loginEmail,
      password: null,
      at,
      event: "exported",
    });
    await uploadFileToDm(client, {
      slackUserId: body.user.id,
      filename,
      title: labels.fileTitle(structure.identifier),
      bytes,
    });
    const text = ctx.messages.technicalUser.existingModal.exportSent(filename);
    if (body.view !== undefined)
      await client.views.push({
        trigger_id: body.trigger_id,
        view: technicalUserNoticeModal(ctx.messages, text),
      });
    else
      await client.chat.postEphemeral({
        channel: body.channel?.id ?? body.user.id,
        user: body.user.id,
        text,
      });
  });
}
