import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import {
  openModifyAttachment,
  pickOtherStructure,
  submitModifyAttachment,
} from "./modify-attachment-actions.ts";
import { numberedActionPattern } from "./result-rows.ts";
import { submitUpdateUser } from "./submit-update-user.ts";
import { submitBulkDetach, submitUserSearch } from "./submit-user-search.ts";
import {
  bulkUserAction,
  detachFromRow,
  openRequestFromSearch,
  pageUserSearch,
  resetUserSearch,
  userRowMenu,
} from "./user-search-actions.ts";
import { detachCommand, userSearchCommand } from "./user-search-commands.ts";

/** "Rechercher un utilisateur": criteria, pages, each row's menu and buttons, and the bulk actions. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.view(CallbackIds.userSearchModal, submitUserSearch(deps));
  router.view(CallbackIds.updateUserModal, submitUpdateUser(deps));
  router.view(CallbackIds.bulkDetachModal, submitBulkDetach(deps));
  router.view(CallbackIds.modifyAttachmentModal, submitModifyAttachment(deps));
  router.action(ActionIds.modifyAttachmentOpen, openModifyAttachment(deps));
  router.action(ActionIds.attachOtherStructure, pickOtherStructure(deps));
  router.action(ActionIds.userSearchReset, resetUserSearch(deps));
  router.action(ActionIds.userSearchPreviousPage, pageUserSearch(deps, -1));
  router.action(ActionIds.userSearchNextPage, pageUserSearch(deps, 1));
  router.action(ActionIds.userSearchRowMenu, userRowMenu(deps));
  router.action(numberedActionPattern(ActionIds.userSearchDetach), detachFromRow(deps));
  router.action(
    numberedActionPattern(ActionIds.userSearchValidateRequest),
    openRequestFromSearch(deps, "validate"),
  );
  router.action(
    numberedActionPattern(ActionIds.userSearchRefuseRequest),
    openRequestFromSearch(deps, "refuse"),
  );
  router.action(ActionIds.userSearchBulkActivation, bulkUserAction(deps, "activation"));
  router.action(ActionIds.userSearchBulkDetach, bulkUserAction(deps, "detach"));
  router.action(ActionIds.userSearchBulkExport, bulkUserAction(deps, "export"));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [userSearchCommand, detachCommand];
