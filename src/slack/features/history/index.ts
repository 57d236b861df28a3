import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { openHistoryDetail, updateHistory } from "./history-actions.ts";
import { historyCommand } from "./history-command.ts";
import { submitHistory } from "./submit-history.ts";

/** A structure's history: its filters and pages, an entry's detail, and its export. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  for (const actionId of [
    ActionIds.historyActionFilter,
    ActionIds.historyFromFilter,
    ActionIds.historyToFilter,
    ActionIds.historyPreviousPage,
    ActionIds.historyNextPage,
  ]) {
    router.action(actionId, updateHistory(deps));
  }
  router.action(ActionIds.historyDetail, openHistoryDetail(deps));
  router.view(CallbackIds.historyModal, submitHistory(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [historyCommand];
