import type { RequestType } from "../domain/requests.ts";

/** Slack action_id, callback_id and block_id constants shared by views and listeners. */
export const ActionIds = {
  validateAttachmentRequest: "attachment_request_validate",
  refuseAttachmentRequest: "attachment_request_refuse",
  validateSubscriptionRequest: "subscription_request_validate",
  refuseSubscriptionRequest: "subscription_request_refuse",
  /** "Refuser la demande" inside a validation modal: the modal becomes the refusal one. */
  refuseFromValidation: "validation_refuse",
  roleInput: "role",
  wholeStructureInput: "whole_structure",
  servicesInput: "services",
  modificationInput: "modification",
  commentInput: "comment",
  reasonInput: "reason",
  /** Home tab and digests: opens the pending-requests list; value = JSON {structureId?, kind?}. */
  openPendingRequests: "pending_requests_open",
  pendingStructureFilter: "pending_filter_structure",
  pendingKindFilter: "pending_filter_kind",
  pendingPreviousPage: "pending_page_previous",
  pendingNextPage: "pending_page_next",
  pendingSelection: "pending_selection",
  pendingSelectAll: "pending_select_all",
  /** The list's "Ouvrir une demande" select: value = "type:id" of a request of the page. */
  pendingOpenRequest: "pending_open_request",
  bulkAction: "bulk_action",
  // User search (/chorus utilisateurs)
  userSearchLastName: "user_search_last_name",
  userSearchFirstName: "user_search_first_name",
  userSearchLoginEmail: "user_search_login_email",
  userSearchStatus: "user_search_status",
  userSearchStructure: "user_search_structure",
  userSearchService: "user_search_service",
  userSearchReset: "user_search_reset",
  userSearchPreviousPage: "user_search_page_previous",
  userSearchNextPage: "user_search_page_next",
  /** A result row's overflow menu; option value = "<action>:<userId>". */
  userSearchRowMenu: "user_search_row_menu",
  /** value = JSON {structureId, userId}. */
  userSearchDetach: "user_search_detach",
  /** value = the attachment request id. */
  userSearchValidateRequest: "user_search_request_validate",
  userSearchRefuseRequest: "user_search_request_refuse",
  userSearchSelection: "user_search_selection",
  userSearchBulkActivation: "user_search_bulk_activation",
  userSearchBulkDetach: "user_search_bulk_detach",
  userSearchBulkExport: "user_search_bulk_export",
  bulkDetachStructure: "bulk_detach_structure",
  updateUserLastName: "update_user_last_name",
  updateUserFirstName: "update_user_first_name",
  updateUserContactEmail: "update_user_contact_email",
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  /** Home tab: opens the attach-user search of a structure; value = structure id. */
  attachUserOpen: "attach_user_open",
  /** The structure card's "Modifier la structure"; value = the structure's id. */
  editStructureOpen: "structure_edit_open",
  editStructureDesignation: "structure_edit_designation",
  editStructureSpaces: "structure_edit_spaces",
  editStructureMandate: "structure_edit_mandate",
  editStructurePacage: "structure_edit_pacage",
  editStructureSocialRegime: "structure_edit_social_regime",
  editStructureVat: "structure_edit_vat",
  editStructureConnection: "structure_edit_connection",
  // Requesters (/chorus rejoindre, /chorus abonner)
  /** The join form's structure search (external select; picking it redraws the form). */
  askStructure: "ask_structure",
  askServices: "ask_services",
  askLastName: "ask_last_name",
  askFirstName: "ask_first_name",
  askComment: "ask_comment",
  askSpaces: "ask_spaces",
  askService: "ask_service",
  askAccess: "ask_access",
  /** « Mes demandes » on the requester's Home tab; value = JSON {type, requestId}. */
  myRequestCancel: "my_request_cancel",
  myRequestRemind: "my_request_remind",
  /** « Poser une question » on a request message; value = JSON {type, requestId}. */
  /** A user's detail: « Statut dans Chorus Pro »; value = {structureId, userId}. */
  chorusProStatusOpen: "chorus_pro_status_open",
  chorusProAlign: "chorus_pro_align",
  importLogin: "chorus_pro_import_login",
  importPassword: "chorus_pro_import_password",
  importLastName: "chorus_pro_import_last_name",
  importFirstName: "chorus_pro_import_first_name",
  absenceStartsOn: "absence_starts_on",
  absenceEndsOn: "absence_ends_on",
  absenceDelegate: "absence_delegate",
  /** Home tab: « Terminer l'absence ». */
  absenceEnd: "absence_end",
  askQuestionOpen: "request_question_open",
  askQuestionInput: "request_question_input",
  /** « Répondre » in the requester's DM; value = the question's id. */
  answerQuestionOpen: "request_answer_open",
  answerQuestionInput: "request_answer_input",
  /** The structure card's "Gérer les services"; value = the structure's id. */
  manageServicesOpen: "structure_services_open",
  /** Its pages (the page shown is in the modal's metadata). */
  servicesPreviousPage: "structure_services_page_previous",
  servicesNextPage: "structure_services_page_next",
  /** "Ajouter un service"; value = the structure's id. */
  serviceAdd: "structure_service_add",
  /** A service's overflow menu; option value = "edit:<id>", "deactivate:<id>" or "reactivate:<id>". */
  serviceMenu: "structure_service_menu",
  serviceCode: "structure_service_code",
  serviceLabel: "structure_service_label",
  serviceSpaces: "structure_service_spaces",
  /** The structure card's pages of attached users (the page shown is in the modal's metadata). */
  structureUsersPreviousPage: "structure_users_page_previous",
  structureUsersNextPage: "structure_users_page_next",
  /** The user detail's "Modifier le rattachement"; value = JSON {structureId, userId}. */
  modifyAttachmentOpen: "attachment_modify_open",
  /** "Rattacher à une autre de mes structures": the structure chosen. */
  attachOtherStructure: "attach_other_structure",
  /**
   * A button running a `/chorus` sub-command, value = its words ("historique 123…"); the id is this
   * prefix and the sub-command's word (unique within an actions block): see commandActionId.
   */
  runCommandPrefix: "chorus_command_run:",
  attachUserLastName: "attach_user_last_name",
  attachUserFirstName: "attach_user_first_name",
  attachUserLoginEmail: "attach_user_login_email",
  attachUserContactEmail: "attach_user_contact_email",
  attachUserStartDate: "attach_user_start_date",
  /** The services selector of the attach forms (its own id: its options come from the structure). */
  attachUserServices: "attach_user_services",
  /** "Rattacher" on a search result; value = the account id. */
  attachUserPick: "attach_user_pick",
  /** "Créer le compte utilisateur", shown when the search finds nobody. */
  attachUserCreate: "attach_user_create",
  // Technical users and detach
  /** Opens the reset confirmation; value = JSON {structureId, userId} (on technical users' rows too). */
  resetTechnicalPassword: "technical_password_reset",
  exportTechnicalConnection: "technical_connection_export",
  technicalLoginInput: "technical_login",
  technicalContactInput: "technical_contact",
  // History (/chorus historique)
  historyActionFilter: "history_filter_action",
  historyFromFilter: "history_filter_from",
  historyToFilter: "history_filter_to",
  historyPreviousPage: "history_page_previous",
  historyNextPage: "history_page_next",
  /** "Détail" on a line; value = the history entry id. */
  historyDetail: "history_detail",
  // Flux rejects (/chorus rejets)
  /** Digests: opens the flux-reject files of a structure; value = its identifier. */
  openFluxRejects: "flux_rejects_open",
  fluxRejectsSelection: "flux_rejects_selection",
  // Structure card and SIRET change (/chorus structure)
  /** Fiche structure: opens the SIRET change; value = structure id. */
  changeStructureIdentifier: "structure_identifier_change",
  /** Fiche structure: opens the card of its origin or of a duplicate; value = identifier. */
  openStructureCard: "structure_card_open",
  newIdentifierInput: "new_identifier",
  billingMandateChoice: "billing_mandate_choice",
  // Principal handover and account deactivation
  handoverSuccessorForAll: "handover_successor_all_input",
  handoverSuccessorEmail: "handover_successor_email",
  handoverSuccessorPick: "handover_successor_pick",
} as const;

/** The buttons of a request message, per kind of request. */
export const DecisionActionIds: Record<RequestType, { validate: string; refuse: string }> = {
  attachment: { validate: ActionIds.validateAttachmentRequest, refuse: ActionIds.refuseAttachmentRequest },
  subscription: {
    validate: ActionIds.validateSubscriptionRequest,
    refuse: ActionIds.refuseSubscriptionRequest,
  },
};

export const CallbackIds = {
  validateAttachmentModal: "attachment_request_validate_modal",
  validateSubscriptionModal: "subscription_request_validate_modal",
  /** The "Refuser" modal of both kinds (the kind travels in private_metadata). */
  refuseRequestModal: "request_refuse_modal",
  pendingListModal: "pending_list_modal",
  // User search (/chorus utilisateurs)
  userSearchModal: "user_search_modal",
  updateUserModal: "update_user_modal",
  modifyAttachmentModal: "modify_attachment_modal",
  editStructureModal: "structure_edit_modal",
  askJoinModal: "ask_join_modal",
  absenceModal: "absence_modal",
  importStructureModal: "chorus_pro_import_modal",
  askQuestionModal: "request_question_modal",
  answerQuestionModal: "request_answer_modal",
  askSubscribeModal: "ask_subscribe_modal",
  servicesModal: "structure_services_modal",
  serviceFormModal: "structure_service_form_modal",
  serviceDeactivateModal: "structure_service_deactivate_modal",
  bulkDetachModal: "user_search_bulk_detach_modal",
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  attachUserSearchModal: "attach_user_search_modal",
  attachExistingUserModal: "attach_user_existing_modal",
  createAccountModal: "attach_user_create_modal",
  // Technical users and detach
  createTechnicalUserModal: "technical_user_create_modal",
  resetTechnicalPasswordModal: "technical_password_reset_modal",
  // History (/chorus historique)
  historyModal: "history_modal",
  historyDetailModal: "history_detail_modal",
  // Flux rejects (/chorus rejets)
  fluxRejectsModal: "flux_rejects_modal",
  // Structure card and SIRET change (/chorus structure)
  structureCardModal: "structure_card_modal",
  identifierChangeConfirmModal: "structure_identifier_confirm_modal",
  identifierChangeModal: "structure_identifier_change_modal",
  // Principal handover and account deactivation
  transferPrincipalModal: "principal_transfer_modal",
  deactivateAccountModal: "account_deactivate_modal",
  // The Workflow Builder step (a function of manifest.yml, by its callback_id)
  requestAttachmentStep: "request_attachment",
} as const;

export const BlockIds = {
  role: "role_block",
  wholeStructure: "whole_structure_block",
  services: "services_block",
  modification: "modification_block",
  comment: "comment_block",
  reason: "reason_block",
  refuseFromValidation: "validation_refuse_block",
  actions: "request_actions",
  pendingFilters: "pending_filters",
  pendingPages: "pending_pages",
  pendingOpen: "pending_open",
  /** One checkbox block per 10 requests of the page: pending_selection_0, pending_selection_1… */
  pendingSelectionPrefix: "pending_selection_",
  /** Then the search's generation (a new search starts with no tick), "_" and the group's number. */
  userSearchSelectionPrefix: "user_search_selection_",
  pendingSelectAll: "pending_select_all_block",
  bulkAction: "bulk_action_block",
  // User search (/chorus utilisateurs)
  userSearchReset: "user_search_reset_block",
  userSearchPages: "user_search_pages",
  userSearchBulk: "user_search_bulk",
  /** One block per result row: user_search_row_<userId>, user_search_row_actions_<userId>. */
  userSearchRowPrefix: "user_search_row_",
  userSearchRowActionsPrefix: "user_search_row_actions_",
  attachOtherStructure: "attach_other_structure_block",
  bulkDetachStructure: "bulk_detach_structure_block",
  updateUserLastName: "update_user_last_name_block",
  updateUserFirstName: "update_user_first_name_block",
  updateUserContactEmail: "update_user_contact_email_block",
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  attachUserLastName: "attach_user_last_name_block",
  attachUserFirstName: "attach_user_first_name_block",
  attachUserLoginEmail: "attach_user_login_email_block",
  attachUserContactEmail: "attach_user_contact_email_block",
  attachUserStartDate: "attach_user_start_date_block",
  attachUserCreate: "attach_user_create_block",
  /** One section per search result: attach_user_result_<userId>. */
  attachUserResultPrefix: "attach_user_result_",
  // Technical users and detach
  technicalLogin: "technical_login_block",
  technicalContact: "technical_contact_block",
  // History (/chorus historique)
  historyFilters: "history_filters",
  historyPages: "history_pages",
  // Flux rejects (/chorus rejets)
  /** One checkbox block per 10 files: flux_rejects_selection_0, flux_rejects_selection_1… */
  fluxRejectsSelectionPrefix: "flux_rejects_selection_",
  // Structure card and SIRET change (/chorus structure)
  newIdentifier: "new_identifier_block",
  billingMandateChoice: "billing_mandate_block",
  structureCardActions: "structure_card_actions",
  structureUsersPages: "structure_users_pages",
  servicesPages: "structure_services_pages",
  // Principal handover and account deactivation
  /** One pair per structure of the handover modals: handover_successor_email_0, handover_successor_pick_0… */
  handoverSuccessorEmailPrefix: "handover_successor_email_",
  handoverSuccessorForAll: "handover_successor_all",
  handoverSuccessorPickPrefix: "handover_successor_pick_",
} as const;

export const WHOLE_STRUCTURE_VALUE = "whole_structure";

/** The action id of a button running the `/chorus` sub-command `command` ("structure 123…"). */
export function commandActionId(command: string): string {
  return `${ActionIds.runCommandPrefix}${command.split(" ")[0]}`;
}
