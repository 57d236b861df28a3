import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { ActionIds, CallbackIds, DecisionActionIds } from "../ids.ts";
import { openRequestDecision } from "./actions/open-request-decision.ts";
import { openPendingList, updatePendingList } from "./actions/pending-list-actions.ts";
import { chorusCommand } from "./commands/chorus.ts";
import type { ListenerDeps } from "./deps.ts";
import { appHomeOpened } from "./events/app-home-opened.ts";
import { servicesOptions } from "./options/services-options.ts";
import { submitPendingList } from "./views/submit-pending-list.ts";
import { submitRequestDecision } from "./views/submit-request-decision.ts";

/** Registers every listener: ids on one side, thin callbacks on the other. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  for (const type of REQUEST_TYPES) {
    app.action(DecisionActionIds[type].validate, openRequestDecision(deps, type, "validate"));
    app.action(DecisionActionIds[type].refuse, openRequestDecision(deps, type, "refuse"));
  }
  app.view(CallbackIds.validateAttachmentModal, submitRequestDecision(deps, "validate"));
  app.view(CallbackIds.validateSubscriptionModal, submitRequestDecision(deps, "validate"));
  app.view(CallbackIds.refuseRequestModal, submitRequestDecision(deps, "refuse"));
  app.options(ActionIds.servicesInput, servicesOptions(deps));
  for (const actionId of [
    ActionIds.pendingStructureFilter,
    ActionIds.pendingKindFilter,
    ActionIds.pendingPreviousPage,
    ActionIds.pendingNextPage,
  ]) {
    app.action(actionId, updatePendingList(deps));
  }
  app.action(ActionIds.openPendingRequests, openPendingList(deps));
  app.view(CallbackIds.pendingListModal, submitPendingList(deps));
  app.command("/chorus", chorusCommand(deps));
  app.event("app_home_opened", appHomeOpened(deps));
}
