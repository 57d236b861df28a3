import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { loadTechnicalUser } from "../../../services/accounts/create-technical-user.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  decodeTechnicalUserTarget,
  resetTechnicalPasswordModal,
  technicalUserNoticeModal,
} from "./technical-user-modals.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Réinitialiser le mot de passe (utilisateur technique)": checks (on the server) that the clicker is
 * the structure's principal manager and that the user is its technical user, then asks for
 * confirmation, on top of the modal the click came from (views.push) or in a new one.
 */
export function openResetTechnicalPassword(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const fromModal = body.view !== undefined;
    try {
      const target = decodeTechnicalUserTarget(action.value);
      if (!target?.userId) throw new AppError("not_found", ctx.messages.technicalUser.notFound);
      const who = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      const { structure, technicalUser } = await loadTechnicalUser(ctx, actor, { id: target.structureId });
      if (technicalUser?.id !== target.userId)
        throw new AppError("not_found", ctx.messages.technicalUser.notFound);
      const view = resetTechnicalPasswordModal(ctx.messages, structure, technicalUser);
      if (fromModal) await client.views.push({ trigger_id: body.trigger_id, view });
      else await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (error) {
      // A modal has no channel for an ephemeral message: the reason goes on top of it instead.
      if (fromModal) {
        const view = technicalUserNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
        await client.views.push({ trigger_id: body.trigger_id, view });
      } else {
        const channelId = body.container?.channel_id ?? body.channel?.id;
        await reportToUser(ctx, client, { channelId, userId: body.user.id }, error);
      }
    }
  };
}
