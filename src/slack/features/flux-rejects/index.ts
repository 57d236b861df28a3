import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { fluxRejectsCommand } from "./flux-rejects-command.ts";
import { openFluxRejects } from "./open-flux-rejects.ts";
import { submitFluxRejects } from "./submit-flux-rejects.ts";

/** "Accéder aux rejets EDI": the list of rejected-flow files and their download. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.action(ActionIds.openFluxRejects, openFluxRejects(deps));
  router.view(CallbackIds.fluxRejectsModal, submitFluxRejects(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [fluxRejectsCommand];
