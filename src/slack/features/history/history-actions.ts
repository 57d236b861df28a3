import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import { isAppError } from "../../../errors.ts";
import {
  type HistoryState,
  isHistoryAction,
  isIsoDay,
  listHistoryPage,
  loadHistoryEntry,
} from "../../../services/history/list-history.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { ActionIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { decodeHistoryState, historyDetailModal, historyModal, historyNoticeModal } from "./history-modal.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The history state after a filter or page button: a new filter starts again at the first page. */
function nextState(body: BlockAction, current: HistoryState): HistoryState {
  const action = body.actions[0];
  if (!action) return current;
  const chosen = action.type === "static_select" ? action.selected_option?.value : undefined;
  const day = action.type === "datepicker" && isIsoDay(action.selected_date) ? action.selected_date : null;
  switch (action.action_id) {
    case ActionIds.historyActionFilter:
      return { ...current, action: isHistoryAction(chosen) ? chosen : null, page: 0 };
    case ActionIds.historyFromFilter:
      return { ...current, from: day, page: 0 };
    case ActionIds.historyToFilter:
      return { ...current, to: day, page: 0 };
    case ActionIds.historyPreviousPage:
      return { ...current, page: Math.max(0, current.page - 1) };
    case ActionIds.historyNextPage:
      return { ...current, page: current.page + 1 };
    default:
      return current;
  }
}

function actorOf(deps: ListenerDeps, body: BlockAction) {
  return resolveSlackActor(deps.ctx, deps.directory, whoSent(body));
}

/**
 * Filters and pages of the history modal, rebuilt in place (views.update). A reversed period keeps
 * the previous filters and says why; a refusal (no longer a manager) replaces the list with the reason.
 */
export function updateHistory(deps: ListenerDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const view = body.view;
    const current = decodeHistoryState(view?.private_metadata);
    if (!view || !current) return;
    let next: types.ModalView;
    try {
      const actor = await actorOf(deps, body);
      try {
        next = historyModal(ctx.messages, await listHistoryPage(ctx, actor, nextState(body, current)));
      } catch (error) {
        if (!isAppError(error) || error.code !== "invalid_input") throw error;
        next = historyModal(ctx.messages, await listHistoryPage(ctx, actor, current), error.message);
      }
    } catch (error) {
      next = historyNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  };
}

/** "Détail" on a line: the entry in full, pushed over the list (closing it goes back there). */
export function openHistoryDetail(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    let view: types.ModalView;
    try {
      const actor = await actorOf(deps, body);
      const entryId = action.type === "button" ? (action.value ?? "") : "";
      view = historyDetailModal(ctx.messages, await loadHistoryEntry(ctx, actor, { entryId }));
    } catch (error) {
      view = historyNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.push({ trigger_id: body.trigger_id, view });
  };
}
