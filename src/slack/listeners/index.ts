import type { App } from "@slack/bolt";
import { ActionIds, CallbackIds } from "../ids.ts";
import { openAttachmentDecision } from "./actions/open-attachment-decision.ts";
import { chorusCommand } from "./commands/chorus.ts";
import type { ListenerDeps } from "./deps.ts";
import { servicesOptions } from "./options/services-options.ts";
import { submitAttachmentDecision } from "./views/submit-attachment-decision.ts";

/** Registers every listener: ids on one side, thin callbacks on the other. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.action(ActionIds.validateAttachmentRequest, openAttachmentDecision(deps, "validate"));
  app.action(ActionIds.refuseAttachmentRequest, openAttachmentDecision(deps, "refuse"));
  app.view(CallbackIds.validateAttachmentModal, submitAttachmentDecision(deps, "validate"));
  app.view(CallbackIds.refuseAttachmentModal, submitAttachmentDecision(deps, "refuse"));
  app.options(ActionIds.servicesInput, servicesOptions(deps));
  app.command("/chorus", chorusCommand(deps));
}
