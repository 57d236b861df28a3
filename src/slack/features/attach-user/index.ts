import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { attachServicesOptions, openAttachForm, openAttachUserSearch } from "./attach-user-actions.ts";
import { attachUserCommand } from "./attach-user-command.ts";
import { submitAttachForm, submitAttachUserSearch } from "./submit-attach-user.ts";

/** "Rattacher un utilisateur": find an account or create one, then its role, services and start date. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.action(ActionIds.attachUserOpen, openAttachUserSearch(deps));
  router.action(ActionIds.attachUserPick, openAttachForm(deps, "existing"));
  router.action(ActionIds.attachUserCreate, openAttachForm(deps, "create"));
  router.options(ActionIds.attachUserServices, attachServicesOptions(deps));
  router.view(CallbackIds.attachUserSearchModal, submitAttachUserSearch(deps));
  router.view(CallbackIds.attachExistingUserModal, submitAttachForm(deps, "existing"));
  router.view(CallbackIds.createAccountModal, submitAttachForm(deps, "create"));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [attachUserCommand];
