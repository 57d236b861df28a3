import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { ActionIds, CallbackIds, DecisionActionIds } from "../ids.ts";
import { openRequestDecision } from "./actions/open-request-decision.ts";
import { chorusCommand } from "./commands/chorus.ts";
import type { ListenerDeps } from "./deps.ts";
import { servicesOptions } from "./options/services-options.ts";
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
  app.command("/chorus", chorusCommand(deps));
}
