import type { App } from "@slack/bolt";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { afterAcks } from "../../http/ack-first.ts";
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
import { servicesOptions } from "./options/services-options.ts";
import { holdUntilRecorded } from "./replays.ts";
import { createSlackRouter } from "./router.ts";
import { nameSlackAction } from "./slack-action.ts";
import { withTriggerDeadline } from "./trigger-deadline.ts";
import { refuseUnstorableCharacters } from "./unstorable-characters.ts";
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
  app.use(holdUntilRecorded);
  app.use(nameSlackAction);
  app.use(refuseUnstorableCharacters(deps));
  const router = createSlackRouter(deps);
  for (const type of REQUEST_TYPES) {
    router.action(DecisionActionIds[type].validate, openRequestDecision(deps, type, "validate"));
    router.action(DecisionActionIds[type].refuse, openRequestDecision(deps, type, "refuse"));
  }
  router.view(CallbackIds.validateAttachmentModal, submitRequestDecision(deps, "validate"));
  router.view(CallbackIds.validateSubscriptionModal, submitRequestDecision(deps, "validate"));
  router.view(CallbackIds.refuseRequestModal, submitRequestDecision(deps, "refuse"));
  router.options(ActionIds.servicesInput, servicesOptions(deps));
  for (const actionId of [
    ActionIds.pendingStructureFilter,
    ActionIds.pendingKindFilter,
    ActionIds.pendingPreviousPage,
    ActionIds.pendingNextPage,
  ]) {
    router.action(actionId, updatePendingList(deps));
  }
  router.action(ActionIds.openPendingRequests, openPendingList(deps));
  router.view(CallbackIds.pendingListModal, submitPendingList(deps));
  router.action(ActionIds.openFluxRejects, openFluxRejects(deps));
  router.view(CallbackIds.fluxRejectsModal, submitFluxRejects(deps));
  router.action(ActionIds.changeStructureIdentifier, openIdentifierChange(deps));
  router.action(ActionIds.openStructureCard, openLinkedStructureCard(deps));
  router.view(CallbackIds.identifierChangeConfirmModal, submitIdentifierChangeConfirmation(deps));
  router.view(CallbackIds.identifierChangeModal, submitIdentifierChange(deps));
  router.view(CallbackIds.userSearchModal, submitUserSearch(deps));
  router.view(CallbackIds.updateUserModal, submitUpdateUser(deps));
  router.view(CallbackIds.bulkDetachModal, submitBulkDetach(deps));
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
  router.view(CallbackIds.transferPrincipalModal, submitHandover(deps, "transfer"));
  router.view(CallbackIds.deactivateAccountModal, submitHandover(deps, "deactivate"));
  for (const actionId of [
    ActionIds.historyActionFilter,
    ActionIds.historyFromFilter,
    ActionIds.historyToFilter,
    ActionIds.historyPreviousPage,
    ActionIds.historyNextPage,
  ]) {
    router.action(actionId, updateHistory(deps));
  }
  router.action(ActionIds.historyDetail, openHistoryDetail(deps));
  router.view(CallbackIds.historyModal, submitHistory(deps));
  router.action(ActionIds.resetTechnicalPassword, openResetTechnicalPassword(deps));
  router.view(CallbackIds.createTechnicalUserModal, submitCreateTechnicalUser(deps));
  router.view(CallbackIds.resetTechnicalPasswordModal, submitResetTechnicalPassword(deps));
  router.action(ActionIds.attachUserOpen, openAttachUserSearch(deps));
  router.action(ActionIds.attachUserPick, openAttachForm(deps, "existing"));
  router.action(ActionIds.attachUserCreate, openAttachForm(deps, "create"));
  router.options(ActionIds.attachUserServices, attachServicesOptions(deps));
  router.view(CallbackIds.attachUserSearchModal, submitAttachUserSearch(deps));
  router.view(CallbackIds.attachExistingUserModal, submitAttachForm(deps, "existing"));
  router.view(CallbackIds.createAccountModal, submitAttachForm(deps, "create"));
  router.mount(app);
  app.command("/chorus", afterAcks(deps.workTurn, withTriggerDeadline(deps.ctx, chorusCommand(deps))));
  app.event("app_home_opened", appHomeOpened(deps));
}
