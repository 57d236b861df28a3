import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  types,
  ViewSubmitAction,
} from "@slack/bolt";
import { parisDay } from "../../../domain/dates.ts";
import { AppError } from "../../../errors.ts";
import { modifyAttachment, prepareModifyAttachment } from "../../../services/accounts/modify-attachment.ts";
import { prepareAttachExistingUser } from "../../../services/accounts/prepare-attach-user.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { attachExistingUserModal } from "../attach-user/attach-user-modals.ts";
import { modalFieldBlocks, noticeModal, readValidateSubmission } from "../request-decision/request-modals.ts";
import { attachmentTargetCodec, modifyAttachmentModal } from "./modify-attachment-modals.ts";
import { structureName } from "./result-rows.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** "Modifier le rattachement" in the user detail: the form, checked first, pushed on top (or why not). */
export function openModifyAttachment(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    let view: types.ModalView;
    try {
      const target = attachmentTargetCodec.decode(action.type === "button" ? action.value : undefined);
      if (!target) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      view = modifyAttachmentModal(ctx.messages, await prepareModifyAttachment(ctx, actor, target));
    } catch (error) {
      view = noticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.push({ trigger_id: body.trigger_id, view });
  };
}

/** Its submission: the change made before the ack, so bad input comes back as field errors. */
export function submitModifyAttachment(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.modifyAttachment;
    try {
      const target = attachmentTargetCodec.decode(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const { structure, account, changed } = await modifyAttachment(ctx, actor, {
        ...target,
        ...readValidateSubmission(view.state.values),
      });
      const name = `${account.firstName} ${account.lastName}`;
      const text = changed ? labels.done(name, structureName(structure)) : labels.unchanged(name);
      await ack({ response_action: "update", view: noticeModal(ctx.messages, text, labels.title) });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, modalFieldBlocks));
    }
  };
}

/** "Rattacher à une autre de mes structures": the structure picked, the attach form replaces the list. */
export function pickOtherStructure(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const current = body.view;
    if (!current) return;
    let view: types.ModalView;
    try {
      const structureId = action.type === "static_select" ? action.selected_option.value : "";
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const form = await prepareAttachExistingUser(ctx, actor, {
        structureId,
        userId: current.private_metadata,
      });
      view = attachExistingUserModal(ctx.messages, { ...form, today: parisDay(ctx.now()) });
    } catch (error) {
      view = noticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.update({ view_id: current.id, hash: current.hash, view });
  };
}
