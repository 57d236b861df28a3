import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { submitCreateTechnicalUser, submitResetTechnicalPassword } from "./submit-technical-user.ts";
import { exportTechnicalConnectionPdf, openResetTechnicalPassword } from "./technical-user-actions.ts";
import { technicalUserCommand } from "./technical-user-command.ts";

/** A structure's technical API user: its creation, its password's reset, its connection details. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.action(ActionIds.resetTechnicalPassword, openResetTechnicalPassword(deps));
  router.action(ActionIds.exportTechnicalConnection, exportTechnicalConnectionPdf(deps));
  router.view(CallbackIds.createTechnicalUserModal, submitCreateTechnicalUser(deps));
  router.view(CallbackIds.resetTechnicalPasswordModal, submitResetTechnicalPassword(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [technicalUserCommand];
