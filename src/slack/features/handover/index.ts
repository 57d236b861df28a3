import { CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { deactivateCommand, reactivateCommand, transferCommand } from "./handover-commands.ts";
import { submitHandover } from "./submit-handover.ts";

/** Handing over the principal role: "Transférer" one structure, or "Désactiver mon compte". */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.view(CallbackIds.transferPrincipalModal, submitHandover(deps, "transfer"));
  router.view(CallbackIds.deactivateAccountModal, submitHandover(deps, "deactivate"));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [transferCommand, deactivateCommand, reactivateCommand];
