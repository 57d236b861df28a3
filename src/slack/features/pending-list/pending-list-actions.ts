import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import { isRequestType } from "../../../domain/requests.ts";
import { AppError } from "../../../errors.ts";
import { loadPendingList, type PendingListState } from "../../../services/requests/load-pending-list.ts";
import { prepareDecision } from "../../../services/requests/prepare-decision.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { pendingOpeningCodec } from "../../blocks/pending-lines.ts";
import { ActionIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { noticeModal, validationModal } from "../request-decision/request-modals.ts";
import { decodeListState, pendingListModal } from "./pending-list-modal.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The list state after a filter or page button: a new filter starts again at the first page. */
function nextState(body: BlockAction, current: PendingListState): PendingListState {
  const action = body.actions[0];
  if (!action) return current;
  const chosen = action.type === "static_select" ? action.selected_option?.value : undefined;
  switch (action.action_id) {
    case ActionIds.pendingStructureFilter:
      return { ...current, structureId: chosen && chosen !== "all" ? chosen : null, page: 0 };
    case ActionIds.pendingKindFilter:
      return { ...current, type: isRequestType(chosen) ? chosen : null, page: 0 };
    case ActionIds.pendingPreviousPage:
      return { ...current, page: Math.max(0, current.page - 1) };
    case ActionIds.pendingNextPage:
      return { ...current, page: current.page + 1 };
    default:
      return current;
  }
}

/** Filters and pages of the list modal: the modal is rebuilt in place (views.update). */
export function updatePendingList(deps: ListenerDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    try {
      const actor = await resolveSlackActor(deps.ctx, deps.directory, whoSent(body));
      const list = await loadPendingList(
        deps.ctx,
        actor,
        nextState(body, decodeListState(view.private_metadata)),
      );
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: pendingListModal(deps.ctx.messages, list),
      });
    } catch (error) {
      await reportToUser(deps.ctx, client, { channelId: undefined, userId: body.user.id }, error);
    }
  };
}

/**
 * "Ouvrir une demande…" in the list: the chosen request's "Valider" modal (what it asks, and
 * "Refuser la demande"), pushed on top of the list after the same checks as the message's buttons;
 * a request decided meanwhile, or a right lost, is told on top of the list instead.
 */
export function openRequestFromList(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const chosen = action.type === "static_select" ? action.selected_option?.value : undefined;
    const [type, requestId] = (chosen ?? "").split(":");
    let view: types.ModalView;
    try {
      if (!isRequestType(type) || !requestId)
        throw new AppError("not_found", ctx.messages.errors.requestMissing);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      view = validationModal(ctx.messages, await prepareDecision(ctx, actor, { type, requestId }));
    } catch (error) {
      view = noticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.push({ trigger_id: body.trigger_id, view });
  };
}

/** "Voir les demandes" from the Home tab or a digest: opens the list on that structure and kind. */
export function openPendingList(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    try {
      const raw = action.type === "button" ? action.value : undefined;
      const wanted = pendingOpeningCodec.decode(raw);
      const actor = await resolveSlackActor(deps.ctx, deps.directory, whoSent(body));
      const list = await loadPendingList(deps.ctx, actor, {
        structureId: wanted?.structureId ?? null,
        type: wanted?.kind ?? null,
        page: 0,
      });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: pendingListModal(deps.ctx.messages, list),
      });
    } catch (error) {
      await reportToUser(deps.ctx, client, { channelId: body.channel?.id, userId: body.user.id }, error);
    }
  };
}
