import type { types } from "@slack/bolt";
import { z } from "zod";
import {
  type AttachmentRequestDetails,
  MAX_DECISION_TEXT,
  REQUEST_TYPES,
  type RequestDetails,
  type ServiceRef,
  type SubscriptionRequestDetails,
} from "../../../domain/requests.ts";
import { GRANTABLE_ROLES } from "../../../domain/roles.ts";
import type { Role } from "../../../generated/prisma/enums.ts";
import { type Messages, servicesLabel, subscriptionItemLabel } from "../../../i18n/index.ts";
import type { PreparedDecision } from "../../../services/requests/prepare-decision.ts";
import { noticeView, type StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { subscriptionLines } from "../../blocks/request-message.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds, WHOLE_STRUCTURE_VALUE } from "../../ids.ts";
import { type SearchParent, searchParentSchema } from "../user-search/search-state.ts";

/** Block Kit caps checkboxes at 10 options and static selects at 100. */

/** What the modals carry in `private_metadata`. */
const modalMetadataCodec = metadataCodec(
  z.object({
    type: z.enum(REQUEST_TYPES),
    requestId: z.string(),
    /** The user search the modal was pushed from: refreshed once the request is decided. */
    parent: searchParentSchema.optional().catch(undefined),
  }),
);
export type RequestModalMetadata = NonNullable<ReturnType<typeof modalMetadataCodec.decode>>;

export const encodeModalMetadata = modalMetadataCodec.encode;
export const decodeModalMetadata = modalMetadataCodec.decode;

export function serviceOption(service: ServiceRef): types.PlainTextOption {
  return { text: plainText(`${service.label} (${service.code})`), value: service.id };
}

function requestSummaryBlocks(messages: Messages, request: RequestDetails): types.KnownBlock[] {
  const labels = messages.validateModal;
  const requester = request.requester;
  const asked =
    request.type === "attachment"
      ? `*${messages.attachmentRequest.requestedServices}*\n${escapeMrkdwn(clip(servicesLabel(messages, request.requestedServices), 1000))}`
      : `*${messages.subscriptionRequest.requestedSpaces}*\n${subscriptionLines(messages, request, "requested")}`;
  return [
    {
      type: "section",
      fields: [
        mrkdwn(
          `*${labels.structureBlock}*\n${escapeMrkdwn(clip(`${request.structure.designation}\n${request.structure.identifier}`, 1900))}`,
          LIMITS.fieldText,
        ),
        mrkdwn(
          `*${labels.userBlock}*\n${escapeMrkdwn(clip(`${requester.firstName} ${requester.lastName}\n${requester.loginEmail}`, 1900))}`,
          LIMITS.fieldText,
        ),
      ],
    },
    { type: "section", text: mrkdwn(clip(asked, 2900)) },
    {
      type: "section",
      text: mrkdwn(
        `*${messages.attachmentRequest.comment}*\n${request.comment ? escapeMrkdwn(clip(request.comment, 2800)) : `_${messages.attachmentRequest.noComment}_`}`,
      ),
    },
  ];
}

export interface ValidateModalInput {
  request: AttachmentRequestDetails;
  /** Active services of the structure. */
  activeServices: ServiceRef[];
  /** What the requester already holds (validated) on this structure. */
  alreadyAttached: { wholeStructure: boolean; services: ServiceRef[] };
}

/** "Refuser la demande" at the foot of a validation modal: the manager changed their mind. */
function refuseInsteadActions(messages: Messages): types.ActionsBlock {
  return {
    type: "actions",
    block_id: BlockIds.refuseFromValidation,
    elements: [
      {
        type: "button",
        action_id: ActionIds.refuseFromValidation,
        text: plainText(messages.validateModal.refuseInstead),
        style: "danger",
        value: "refuse",
      },
    ],
  };
}

/**
 * "Valider": the role (default simple user), then the scope: the whole structure or some of its
 * active services. Services already granted are listed apart, not offered again (Block Kit cannot grey
 * out an option), and the selector grows from checkboxes to a multi-select to a searchable
 * multi-select as the structure's services outgrow each element's limit.
 */
export function validateAttachmentModal(
  messages: Messages,
  input: ValidateModalInput,
  parent?: SearchParent,
): types.ModalView {
  const labels = messages.validateModal;
  const blocks: types.KnownBlock[] = [
    ...requestSummaryBlocks(messages, input.request),
    { type: "divider" },
    roleInput(messages, labels.role),
    ...scopeBlocks(messages, {
      activeServices: input.activeServices,
      alreadyAttached: input.alreadyAttached,
      wholeStructureTicked: input.request.requestedServices.length === 0,
      preselected: input.request.requestedServices,
    }),
    commentInput(messages),
    refuseInsteadActions(messages),
  ];
  return {
    type: "modal",
    callback_id: CallbackIds.validateAttachmentModal,
    private_metadata: encodeModalMetadata({ type: "attachment", requestId: input.request.id, parent }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks,
  };
}

/** Where the scope inputs ("Toute la structure" or some services) start from. */
export interface ScopeChoice {
  activeServices: ServiceRef[];
  alreadyAttached: { wholeStructure: boolean; services: ServiceRef[] };
  /** Whether "Toute la structure" starts ticked. */
  wholeStructureTicked: boolean;
  /** Services ticked at first (those already held are left out). */
  preselected: ServiceRef[];
  /** The services input's action id: each has its own options listener past 100 services. */
  servicesActionId?: string;
}

/**
 * The scope inputs: "Toute la structure", then the services not held yet. Services already held are
 * listed apart, not offered again (Block Kit cannot grey out an option).
 */
export function scopeBlocks(messages: Messages, choice: ScopeChoice): types.KnownBlock[] {
  const labels = messages.validateModal;
  if (choice.alreadyAttached.wholeStructure) {
    return [{ type: "context", elements: [mrkdwn(`:lock: ${labels.alreadyAttachedWhole}`)] }];
  }
  if (choice.activeServices.length === 0) return [];
  const blocks: types.KnownBlock[] = [];
  if (choice.alreadyAttached.services.length > 0) {
    blocks.push({
      type: "context",
      elements: [
        mrkdwn(
          `:lock: *${labels.alreadyAttached}*${messages.colon}${escapeMrkdwn(clip(servicesLabel(messages, choice.alreadyAttached.services), LIMITS.fieldText))}`,
        ),
      ],
    });
  }
  const wholeOption = {
    text: plainText(labels.wholeStructureOption),
    value: WHOLE_STRUCTURE_VALUE,
    description: plainText(labels.wholeStructureHint),
  };
  blocks.push({
    type: "input",
    block_id: BlockIds.wholeStructure,
    optional: true,
    label: plainText(labels.scope),
    element: {
      type: "checkboxes",
      action_id: ActionIds.wholeStructureInput,
      options: [wholeOption],
      ...(choice.wholeStructureTicked ? { initial_options: [wholeOption] } : {}),
    },
  });
  const attachedIds = new Set(choice.alreadyAttached.services.map((service) => service.id));
  const choosable = choice.activeServices.filter((service) => !attachedIds.has(service.id));
  if (choosable.length === 0) return blocks;
  const choosableIds = new Set(choosable.map((service) => service.id));
  const preselected = choice.preselected.filter((service) => choosableIds.has(service.id)).map(serviceOption);
  blocks.push({
    type: "input",
    block_id: BlockIds.services,
    optional: true,
    label: plainText(labels.services),
    hint: plainText(labels.servicesHint, LIMITS.inputLabel),
    element: servicesElement(messages, choosable, preselected, choice.servicesActionId),
  });
  return blocks;
}

/**
 * The services selector: checkboxes up to 10, a multi-select up to 100, a searchable one beyond
 * (its options listener is the one registered for `actionId`).
 */
export function servicesElement(
  messages: Messages,
  choosable: ServiceRef[],
  preselected: types.PlainTextOption[],
  actionId: string = ActionIds.servicesInput,
): types.Checkboxes | types.MultiStaticSelect | types.MultiExternalSelect {
  const initial = preselected.length > 0 ? { initial_options: preselected } : {};
  if (choosable.length <= LIMITS.checkboxOptions) {
    return {
      type: "checkboxes",
      action_id: actionId,
      options: choosable.map(serviceOption),
      ...initial,
    };
  }
  const placeholder = plainText(messages.validateModal.servicesPlaceholder);
  if (choosable.length <= LIMITS.selectOptions) {
    return {
      type: "multi_static_select",
      action_id: actionId,
      placeholder,
      options: choosable.map(serviceOption),
      ...initial,
    };
  }
  return {
    type: "multi_external_select",
    action_id: actionId,
    placeholder,
    min_query_length: 0,
    ...(preselected.length > 0 ? { initial_options: preselected.slice(0, LIMITS.selectOptions) } : {}),
  };
}

/** "Refuser" a request of either kind: a mandatory reason, e-mailed to the requester. */
export function refuseRequestModal(
  messages: Messages,
  request: RequestDetails,
  parent?: SearchParent,
): types.ModalView {
  const labels = messages.refuseModal;
  return {
    type: "modal",
    callback_id: CallbackIds.refuseRequestModal,
    private_metadata: encodeModalMetadata({ type: request.type, requestId: request.id, parent }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks: [
      ...requestSummaryBlocks(messages, request),
      {
        type: "input",
        block_id: BlockIds.reason,
        label: plainText(labels.reason),
        hint: plainText(labels.reasonHint, LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: ActionIds.reasonInput,
          multiline: true,
          max_length: MAX_DECISION_TEXT,
        },
      },
    ],
  };
}

/** The role a manager grants: secondary manager or simple user (the default, unless `initial`). */
export function roleInput(
  messages: Messages,
  label: string,
  initial: Role = "SIMPLE_USER",
): types.InputBlock {
  const roleOptions = GRANTABLE_ROLES.map((role) => ({ text: plainText(messages.roles[role]), value: role }));
  return {
    type: "input",
    block_id: BlockIds.role,
    label: plainText(label),
    element: {
      type: "radio_buttons",
      action_id: ActionIds.roleInput,
      options: roleOptions,
      initial_option: roleOptions.find((option) => option.value === initial),
    },
  };
}

/** The manager's optional comment, sent to the user with the decision. */
export function commentInput(
  messages: Messages,
  label = messages.validateModal.managerComment,
): types.InputBlock {
  return {
    type: "input",
    block_id: BlockIds.comment,
    optional: true,
    label: plainText(label),
    element: {
      type: "plain_text_input",
      action_id: ActionIds.commentInput,
      multiline: true,
      max_length: MAX_DECISION_TEXT,
    },
  };
}

/**
 * "Valider" a subscription request: each space asked in modification is ticked "Modification"; the
 * manager unticks those to limit to consultation (the guide's "décocher Modification").
 */
export function validateSubscriptionModal(
  messages: Messages,
  request: SubscriptionRequestDetails,
): types.ModalView {
  const labels = messages.validateSubscriptionModal;
  const modifiable = request.items.filter((item) => item.requestedAccess === "MODIFICATION");
  const options = modifiable.slice(0, LIMITS.selectOptions).map((item) => ({
    text: plainText(subscriptionItemLabel(messages, item, "MODIFICATION")),
    value: item.id,
  }));
  const element: types.Checkboxes | types.MultiStaticSelect =
    options.length <= LIMITS.checkboxOptions
      ? { type: "checkboxes", action_id: ActionIds.modificationInput, options, initial_options: options }
      : {
          type: "multi_static_select",
          action_id: ActionIds.modificationInput,
          placeholder: plainText(labels.modification),
          options,
          initial_options: options,
        };
  const blocks: types.KnownBlock[] = [...requestSummaryBlocks(messages, request), { type: "divider" }];
  if (options.length > 0) {
    blocks.push({
      type: "input",
      block_id: BlockIds.modification,
      optional: true,
      label: plainText(labels.modification),
      hint: plainText(labels.modificationHint, LIMITS.inputLabel),
      element,
    });
  }
  blocks.push(commentInput(messages), refuseInsteadActions(messages));
  return {
    type: "modal",
    callback_id: CallbackIds.validateSubscriptionModal,
    private_metadata: encodeModalMetadata({ type: "subscription", requestId: request.id }),
    title: modalText(labels.title),
    submit: modalText(messages.validateModal.submit),
    close: modalText(messages.validateModal.close),
    blocks,
  };
}

/**
 * Replaces a modal whose action can no longer be done (already decided, no right) with the reason,
 * under `title` (a request's kind) or the app's name.
 */
/** The "Valider" modal of a request of either kind, ready to decide (it also offers "Refuser la demande"). */
export function validationModal(messages: Messages, prepared: PreparedDecision): types.ModalView {
  return prepared.type === "attachment"
    ? validateAttachmentModal(messages, prepared)
    : validateSubscriptionModal(messages, prepared.request);
}

export function noticeModal(messages: Messages, text: string, title?: string): types.ModalView {
  const labels = messages.decisionOutcomeModal;
  return noticeView({ title: title ?? labels.title, close: labels.close }, text);
}

/** The manager's answers in the "Valider" modal, as typed (checked by the use case). */
export interface ValidateSubmission {
  role: string | null;
  wholeStructure: boolean;
  serviceIds: string[];
  comment: string | null;
}

export function readValidateSubmission(values: StateValues): ValidateSubmission {
  const role = values[BlockIds.role]?.[ActionIds.roleInput]?.selected_option?.value ?? null;
  const wholeChecked =
    values[BlockIds.wholeStructure]?.[ActionIds.wholeStructureInput]?.selected_options ?? [];
  const services = values[BlockIds.services]?.[ActionIds.servicesInput]?.selected_options ?? [];
  const comment = values[BlockIds.comment]?.[ActionIds.commentInput]?.value?.trim() || null;
  return {
    role,
    wholeStructure: wholeChecked.some((option) => option.value === WHOLE_STRUCTURE_VALUE),
    serviceIds: services
      .map((option) => option.value)
      .filter((value): value is string => typeof value === "string"),
    comment,
  };
}

/** The subscription items left in "Modification" and the comment, from the "Valider" modal. */
export function readSubscriptionSubmission(values: StateValues): {
  modificationItemIds: string[];
  comment: string | null;
} {
  const kept = values[BlockIds.modification]?.[ActionIds.modificationInput]?.selected_options ?? [];
  return {
    modificationItemIds: kept
      .map((option) => option.value)
      .filter((value): value is string => typeof value === "string"),
    comment: values[BlockIds.comment]?.[ActionIds.commentInput]?.value?.trim() || null,
  };
}

export function readRefuseSubmission(values: StateValues): { reason: string } {
  return { reason: values[BlockIds.reason]?.[ActionIds.reasonInput]?.value?.trim() ?? "" };
}

/** Maps a use case's field names to the modal's block ids for `response_action: "errors"`. */
export const modalFieldBlocks: Record<string, string> = {
  role: BlockIds.role,
  scope: BlockIds.wholeStructure,
  services: BlockIds.services,
  comment: BlockIds.comment,
  // Spaces the requester's role does not open: told under the comment, the last field of the modal
  // (nothing to fix in the form: the manager refuses, or changes the role first).
  spaces: BlockIds.comment,
  reason: BlockIds.reason,
  modification: BlockIds.modification,
};
