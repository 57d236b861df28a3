import { CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { requestAttachmentStep } from "./request-attachment-step.ts";

/** The Workflow Builder step « Demander un rattachement Chorus Pro » (manifest.yml, `functions`). */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.function(CallbackIds.requestAttachmentStep, requestAttachmentStep(deps));
}
