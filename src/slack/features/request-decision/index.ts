import { REQUEST_TYPES } from "../../../domain/requests.ts";
import { ActionIds, CallbackIds, DecisionActionIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { openRequestDecision, switchToRefusal } from "./open-request-decision.ts";
import { servicesOptions } from "./services-options.ts";
import { submitRequestDecision } from "./submit-request-decision.ts";

/** "Valider" / "Refuser" on a request message, their modals, and the services menu of a validation. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  for (const type of REQUEST_TYPES) {
    router.action(DecisionActionIds[type].validate, openRequestDecision(deps, type, "validate"));
    router.action(DecisionActionIds[type].refuse, openRequestDecision(deps, type, "refuse"));
  }
  router.view(CallbackIds.validateAttachmentModal, submitRequestDecision(deps, "validate"));
  router.view(CallbackIds.validateSubscriptionModal, submitRequestDecision(deps, "validate"));
  router.view(CallbackIds.refuseRequestModal, submitRequestDecision(deps, "refuse"));
  router.action(ActionIds.refuseFromValidation, switchToRefusal(deps));
  router.options(ActionIds.servicesInput, servicesOptions(deps));
}
