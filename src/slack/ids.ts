/** Slack action_id, callback_id and block_id constants shared by views and listeners. */
export const ActionIds = {
  validateAttachmentRequest: "attachment_request_validate",
  refuseAttachmentRequest: "attachment_request_refuse",
  roleInput: "role",
  wholeStructureInput: "whole_structure",
  servicesInput: "services",
  commentInput: "comment",
  reasonInput: "reason",
  /** Home tab and digests: opens the pending-requests list; value = JSON {structureId?, kind?}. */
  openPendingRequests: "pending_requests_open",
} as const;

export const CallbackIds = {
  validateAttachmentModal: "attachment_request_validate_modal",
  refuseAttachmentModal: "attachment_request_refuse_modal",
} as const;

export const BlockIds = {
  role: "role_block",
  wholeStructure: "whole_structure_block",
  services: "services_block",
  comment: "comment_block",
  reason: "reason_block",
  actions: "request_actions",
} as const;

export const WHOLE_STRUCTURE_VALUE = "whole_structure";
