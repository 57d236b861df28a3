import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { alignWithChorusPro, compareWithChorusPro } from "../../../services/chorus-pro/compare-attachment.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView } from "../../blocks/kit.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { attachmentTargetCodec } from "../user-search/modify-attachment-modals.ts";
import { statusLoadingModal, statusModal } from "./status-modal.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The view a button drew, redrawn once `work` ends: its outcome, or why it failed. Chorus Pro may take
 * longer than a trigger lives, so the view is shown (or kept) first and updated after.
 */
async function redrawAfter(
  deps: ListenerDeps,
  args: Pick<ButtonArgs, "body" | "client">,
  viewId: string,
  work: () => Promise<types.ModalView>,
): Promise<void> {
  const { ctx } = deps;
  const labels = ctx.messages.chorusProStatus;
  let view: types.ModalView;
  try {
    view = await work();
  } catch (error) {
    view = noticeView(
      { title: labels.title, close: labels.close },
      explainToUser(ctx, error, args.body.user.id),
    );
  }
  await args.client.views.update({ view_id: viewId, view });
}

/** « Statut dans Chorus Pro » in a user's detail: a view pushed at once, filled once Chorus Pro answers. */
export function openChorusProStatus(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const pushed = await client.views.push({
      trigger_id: body.trigger_id,
      view: statusLoadingModal(ctx.messages),
    });
    const viewId = pushed.view?.id;
    if (!viewId) return;
    await redrawAfter(deps, { body, client }, viewId, async () => {
      const target = attachmentTargetCodec.decode(action.value);
      if (!target) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      return statusModal(ctx.messages, await compareWithChorusPro(ctx, actor, target));
    });
  };
}

/** « Aligner sur Chorus Pro » (confirmed): done, then the comparison shown again with its outcome. */
export function alignOnChorusPro(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const viewId = body.view?.id;
    if (!viewId) return;
    await redrawAfter(deps, { body, client }, viewId, async () => {
      const target = attachmentTargetCodec.decode(action.value);
      if (!target) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const alignment = await alignWithChorusPro(ctx, actor, target);
      const outcome = ctx.messages.chorusProStatus.aligned[alignment];
      return statusModal(ctx.messages, await compareWithChorusPro(ctx, actor, target), outcome);
    });
  };
}
