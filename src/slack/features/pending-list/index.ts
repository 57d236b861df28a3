import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { openPendingList, openRequestFromList, updatePendingList } from "./pending-list-actions.ts";
import { pendingRequestsCommand } from "./pending-list-command.ts";
import { submitPendingList } from "./submit-pending-list.ts";

/** The list of pending requests: its filters and pages, "Voir les demandes", and the bulk decision. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  for (const actionId of [
    ActionIds.pendingStructureFilter,
    ActionIds.pendingKindFilter,
    ActionIds.pendingPreviousPage,
    ActionIds.pendingNextPage,
  ]) {
    router.action(actionId, updatePendingList(deps));
  }
  router.action(ActionIds.openPendingRequests, openPendingList(deps));
  router.action(ActionIds.pendingOpenRequest, openRequestFromList(deps));
  router.view(CallbackIds.pendingListModal, submitPendingList(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [pendingRequestsCommand];
