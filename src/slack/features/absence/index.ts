import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { absenceCommand, endAbsenceButton, submitAbsence } from "./absence-actions.ts";

/** A manager's absence and delegate: `/chorus absence`, its form, and « Terminer l'absence ». */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.view(CallbackIds.absenceModal, submitAbsence(deps));
  router.action(ActionIds.absenceEnd, endAbsenceButton(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [absenceCommand];
