import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { type AckArgs, afterAcks } from "../ack-first.ts";
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
  // Each listener's work after its ack waits for the acks of the requests received meanwhile.
  const first = <Args extends AckArgs>(listener: (args: Args) => Promise<void>) =>
    afterAcks(deps.acksSent, listener);
  app.use(nameSlackAction);
  app.use(refuseNulCharacters(deps));
  for (const type of REQUEST_TYPES) {
    app.action(DecisionActionIds[type].validate, first(openRequestDecision(deps, type, "validate")));
    app.action(DecisionActionIds[type].refuse, first(openRequestDecision(deps, type, "refuse")));
  }
  app.view(CallbackIds.validateAttachmentModal, first(submitRequestDecision(deps, "validate")));
  app.view(CallbackIds.validateSubscriptionModal, first(submitRequestDecision(deps, "validate")));
  app.view(CallbackIds.refuseRequestModal, first(submitRequestDecision(deps, "refuse")));
  app.options(ActionIds.servicesInput, first(servicesOptions(deps)));
  for (const actionId of [
    ActionIds.pendingStructureFilter,
    ActionIds.pendingKindFilter,
    ActionIds.pendingPreviousPage,
    ActionIds.pendingNextPage,
  ]) {
    app.action(actionId, first(updatePendingList(deps)));
  }
  app.action(ActionIds.openPendingRequests, first(openPendingList(deps)));
  app.view(CallbackIds.pendingListModal, first(submitPendingList(deps)));
  app.action(ActionIds.openFluxRejects, first(openFluxRejects(deps)));
  app.view(CallbackIds.fluxRejectsModal, first(submitFluxRejects(deps)));
  app.action(ActionIds.changeStructureIdentifier, first(openIdentifierChange(deps)));
  app.action(ActionIds.openStructureCard, first(openLinkedStructureCard(deps)));
  app.view(CallbackIds.identifierChangeConfirmModal, first(submitIdentifierChangeConfirmation(deps)));
  app.view(CallbackIds.identifierChangeModal, first(submitIdentifierChange(deps)));
  app.view(CallbackIds.userSearchModal, first(submitUserSearch(deps)));
  app.view(CallbackIds.updateUserModal, first(submitUpdateUser(deps)));
  app.view(CallbackIds.bulkDetachModal, first(submitBulkDetach(deps)));
  app.action(ActionIds.userSearchReset, first(resetUserSearch(deps)));
  app.action(ActionIds.userSearchPreviousPage, first(pageUserSearch(deps, -1)));
  app.action(ActionIds.userSearchNextPage, first(pageUserSearch(deps, 1)));
  app.action(ActionIds.userSearchRowMenu, first(userRowMenu(deps)));
  app.action(numberedActionPattern(ActionIds.userSearchDetach), first(detachFromRow(deps)));
  app.action(
    numberedActionPattern(ActionIds.userSearchValidateRequest),
    first(openRequestFromSearch(deps, "validate")),
  );
  app.action(
    numberedActionPattern(ActionIds.userSearchRefuseRequest),
    first(openRequestFromSearch(deps, "refuse")),
  );
  app.action(ActionIds.userSearchBulkActivation, first(bulkUserAction(deps, "activation")));
  app.action(ActionIds.userSearchBulkDetach, first(bulkUserAction(deps, "detach")));
  app.action(ActionIds.userSearchBulkExport, first(bulkUserAction(deps, "export")));
  app.view(CallbackIds.transferPrincipalModal, first(submitHandover(deps, "transfer")));
  app.view(CallbackIds.deactivateAccountModal, first(submitHandover(deps, "deactivate")));
  for (const actionId of [
    ActionIds.historyActionFilter,
    ActionIds.historyFromFilter,
    ActionIds.historyToFilter,
    ActionIds.historyPreviousPage,
    ActionIds.historyNextPage,
  ]) {
    app.action(actionId, first(updateHistory(deps)));
  }
  app.action(ActionIds.historyDetail, first(openHistoryDetail(deps)));
  app.view(CallbackIds.historyModal, first(submitHistory(deps)));
  app.action(ActionIds.resetTechnicalPassword, first(openResetTechnicalPassword(deps)));
  app.view(CallbackIds.createTechnicalUserModal, first(submitCreateTechnicalUser(deps)));
  app.view(CallbackIds.resetTechnicalPasswordModal, first(submitResetTechnicalPassword(deps)));
  app.action(ActionIds.attachUserOpen, first(openAttachUserSearch(deps)));
  app.action(ActionIds.attachUserPick, first(openAttachForm(deps, "existing")));
  app.action(ActionIds.attachUserCreate, first(openAttachForm(deps, "create")));
  app.options(ActionIds.attachUserServices, first(attachServicesOptions(deps)));
  app.view(CallbackIds.attachUserSearchModal, first(submitAttachUserSearch(deps)));
  app.view(CallbackIds.attachExistingUserModal, first(submitAttachForm(deps, "existing")));
  app.view(CallbackIds.createAccountModal, first(submitAttachForm(deps, "create")));
  app.command("/chorus", first(chorusCommand(deps)));
  app.event("app_home_opened", appHomeOpened(deps));
}
