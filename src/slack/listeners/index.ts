import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { ActionIds, CallbackIds, DecisionActionIds } from "../ids.ts";
import { numberedActionPattern } from "../views/user-search-modal.ts";
import {
  attachServicesOptions,
  openAttachForm,
  openAttachUserSearch,
} from "./actions/attach-user-actions.ts";
import { openHistoryDetail, updateHistory } from "./actions/history-actions.ts";
import { openFluxRejects } from "./actions/open-flux-rejects.ts";
import { openRequestDecision } from "./actions/open-request-decision.ts";
import { openPendingList, updatePendingList } from "./actions/pending-list-actions.ts";
import { openIdentifierChange, openLinkedStructureCard } from "./actions/structure-actions.ts";
import { openResetTechnicalPassword } from "./actions/technical-user-actions.ts";
import {
  bulkUserAction,
  detachFromRow,
  openRequestFromSearch,
  pageUserSearch,
  resetUserSearch,
  userRowMenu,
} from "./actions/user-search-actions.ts";
import { chorusCommand } from "./commands/chorus.ts";
import type { ListenerDeps } from "./deps.ts";
import { appHomeOpened } from "./events/app-home-opened.ts";
import { refuseNulCharacters } from "./nul-guard.ts";
import { servicesOptions } from "./options/services-options.ts";
import { nameSlackAction } from "./slack-action.ts";
import { submitAttachForm, submitAttachUserSearch } from "./views/submit-attach-user.ts";
import { submitFluxRejects } from "./views/submit-flux-rejects.ts";
import { submitHandover } from "./views/submit-handover.ts";
import { submitHistory } from "./views/submit-history.ts";
import { submitPendingList } from "./views/submit-pending-list.ts";
import { submitRequestDecision } from "./views/submit-request-decision.ts";
import { submitIdentifierChange, submitIdentifierChangeConfirmation } from "./views/submit-siret-change.ts";
import { submitCreateTechnicalUser, submitResetTechnicalPassword } from "./views/submit-technical-user.ts";
import { submitUpdateUser } from "./views/submit-update-user.ts";
import { submitBulkDetach, submitUserSearch } from "./views/submit-user-search.ts";

/** Registers every listener: ids on one side, thin callbacks on the other. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.use(nameSlackAction);
  app.use(refuseNulCharacters(deps));
  for (const type of REQUEST_TYPES) {
    app.action(DecisionActionIds[type].validate, openRequestDecision(deps, type, "validate"));
    app.action(DecisionActionIds[type].refuse, openRequestDecision(deps, type, "refuse"));
  }
  app.view(CallbackIds.validateAttachmentModal, submitRequestDecision(deps, "validate"));
  app.view(CallbackIds.validateSubscriptionModal, submitRequestDecision(deps, "validate"));
  app.view(CallbackIds.refuseRequestModal, submitRequestDecision(deps, "refuse"));
  app.options(ActionIds.servicesInput, servicesOptions(deps));
  for (const actionId of [
    ActionIds.pendingStructureFilter,
    ActionIds.pendingKindFilter,
    ActionIds.pendingPreviousPage,
    ActionIds.pendingNextPage,
  ]) {
    app.action(actionId, updatePendingList(deps));
  }
  app.action(ActionIds.openPendingRequests, openPendingList(deps));
  app.view(CallbackIds.pendingListModal, submitPendingList(deps));
  app.action(ActionIds.openFluxRejects, openFluxRejects(deps));
  app.view(CallbackIds.fluxRejectsModal, submitFluxRejects(deps));
  app.action(ActionIds.changeStructureIdentifier, openIdentifierChange(deps));
  app.action(ActionIds.openStructureCard, openLinkedStructureCard(deps));
  app.view(CallbackIds.identifierChangeConfirmModal, submitIdentifierChangeConfirmation(deps));
  app.view(CallbackIds.identifierChangeModal, submitIdentifierChange(deps));
  app.view(CallbackIds.userSearchModal, submitUserSearch(deps));
  app.view(CallbackIds.updateUserModal, submitUpdateUser(deps));
  app.view(CallbackIds.bulkDetachModal, submitBulkDetach(deps));
  app.action(ActionIds.userSearchReset, resetUserSearch(deps));
  app.action(ActionIds.userSearchPreviousPage, pageUserSearch(deps, -1));
  app.action(ActionIds.userSearchNextPage, pageUserSearch(deps, 1));
  app.action(ActionIds.userSearchRowMenu, userRowMenu(deps));
  app.action(numberedActionPattern(ActionIds.userSearchDetach), detachFromRow(deps));
  app.action(
    numberedActionPattern(ActionIds.userSearchValidateRequest),
    openRequestFromSearch(deps, "validate"),
  );
  app.action(numberedActionPattern(ActionIds.userSearchRefuseRequest), openRequestFromSearch(deps, "refuse"));
  app.action(ActionIds.userSearchBulkActivation, bulkUserAction(deps, "activation"));
  app.action(ActionIds.userSearchBulkDetach, bulkUserAction(deps, "detach"));
  app.action(ActionIds.userSearchBulkExport, bulkUserAction(deps, "export"));
  app.view(CallbackIds.transferPrincipalModal, submitHandover(deps, "transfer"));
  app.view(CallbackIds.deactivateAccountModal, submitHandover(deps, "deactivate"));
  for (const actionId of [
    ActionIds.historyActionFilter,
    ActionIds.historyFromFilter,
    ActionIds.historyToFilter,
    ActionIds.historyPreviousPage,
    ActionIds.historyNextPage,
  ]) {
    app.action(actionId, updateHistory(deps));
  }
  app.action(ActionIds.historyDetail, openHistoryDetail(deps));
  app.view(CallbackIds.historyModal, submitHistory(deps));
  app.action(ActionIds.resetTechnicalPassword, openResetTechnicalPassword(deps));
  app.view(CallbackIds.createTechnicalUserModal, submitCreateTechnicalUser(deps));
  app.view(CallbackIds.resetTechnicalPasswordModal, submitResetTechnicalPassword(deps));
  app.action(ActionIds.attachUserOpen, openAttachUserSearch(deps));
  app.action(ActionIds.attachUserPick, openAttachForm(deps, "existing"));
  app.action(ActionIds.attachUserCreate, openAttachForm(deps, "create"));
  app.options(ActionIds.attachUserServices, attachServicesOptions(deps));
  app.view(CallbackIds.attachUserSearchModal, submitAttachUserSearch(deps));
  app.view(CallbackIds.attachExistingUserModal, submitAttachForm(deps, "existing"));
  app.view(CallbackIds.createAccountModal, submitAttachForm(deps, "create"));
  app.command("/chorus", chorusCommand(deps));
  app.event("app_home_opened", appHomeOpened(deps));
}
