import type { RequestType } from "../domain/requests.ts";

/** Slack action_id, callback_id and block_id constants shared by views and listeners. */
export const ActionIds = {
  validateAttachmentRequest: "attachment_request_validate",
  refuseAttachmentRequest: "attachment_request_refuse",
  validateSubscriptionRequest: "subscription_request_validate",
  refuseSubscriptionRequest: "subscription_request_refuse",
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
  bulkAction: "bulk_action",
  // User search (/chorus utilisateurs)
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  // Technical users and detach
  // History (/chorus historique)
  // Flux rejects (/chorus rejets)
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
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  // Technical users and detach
  // History (/chorus historique)
  // Flux rejects (/chorus rejets)
} as const;

export const BlockIds = {
  role: "role_block",
  wholeStructure: "whole_structure_block",
  services: "services_block",
  modification: "modification_block",
  comment: "comment_block",
  reason: "reason_block",
  actions: "request_actions",
  pendingFilters: "pending_filters",
  pendingPages: "pending_pages",
  /** One checkbox block per 10 requests of the page: pending_selection_0, pending_selection_1… */
  pendingSelectionPrefix: "pending_selection_",
  pendingSelectAll: "pending_select_all_block",
  bulkAction: "bulk_action_block",
  // User search (/chorus utilisateurs)
  // Manager-initiated attachment (/chorus rattacher) and activation e-mails
  // Technical users and detach
  // History (/chorus historique)
  // Flux rejects (/chorus rejets)
} as const;

export const WHOLE_STRUCTURE_VALUE = "whole_structure";
