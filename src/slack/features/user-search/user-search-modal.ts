import type { types, ViewStateValue } from "@slack/bolt";
import { z } from "zod";
import type { RequestDetails } from "../../../domain/requests.ts";
import { type Messages, servicesLabel } from "../../../i18n/index.ts";
import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import type { DetachUsersResult } from "../../../services/accounts/detach-users.ts";
import {
  EMPTY_CRITERIA,
  type FoundAttachment,
  type FoundUser,
  MAX_CRITERION_LENGTH,
  USER_SEARCH_PAGE_SIZE,
  type UserSearchCriteria,
  type UserSearchResult,
} from "../../../services/accounts/search-users.ts";
import type { SendActivationEmailsResult } from "../../../services/accounts/send-activation-emails.ts";
import { MAX_NAME_LENGTH } from "../../../services/accounts/update-user.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import {
  checkboxGroups,
  dangerConfirmation,
  pageButtons,
  readCheckboxGroups,
  type StateValues,
} from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

/** A static select holds 100 options; one is "all my structures". Beyond, the structure is typed. */
const MAX_STRUCTURE_OPTIONS = LIMITS.selectOptions - 1;
/** Block Kit caps an actions block at 25 elements and a modal at 100 blocks. */
const MAX_ROW_BUTTONS = LIMITS.actionsElements;
const MAX_DETAIL_BLOCKS = 90;
/** Structures listed in a result row; "Voir le détail" lists them all. */
const MAX_ROW_STRUCTURES = 8;
const ACCOUNT_STATUSES = ["PENDING_ACTIVATION", "ACTIVE", "DEACTIVATED"] as const;

/**
 * What the search modal carries in `private_metadata`: the criteria of the last search (null before
 * the first), the page, and a generation that is part of every input's block id. Slack keeps what
 * was typed in an input across views.update as long as its block id stays, so a new generation is
 * what lets "Réinitialiser" empty the criteria and a refresh untick the selection.
 */
export interface UserSearchState {
  criteria: UserSearchCriteria | null;
  page: number;
  generation: number;
}

export const INITIAL_SEARCH_STATE: UserSearchState = { criteria: null, page: 0, generation: 0 };

/** A typed criterion: trimmed and cut to the inputs' length; empty or anything else is none. */
const criterionText = z
  .string()
  .transform((value) => (value.trim() ? value.trim().slice(0, MAX_CRITERION_LENGTH) : null))
  .nullable()
  .catch(null);

const searchStateSchema = z.object({
  criteria: z
    .object({
      lastName: criterionText,
      firstName: criterionText,
      loginEmail: criterionText,
      status: z.enum(ACCOUNT_STATUSES).nullable().catch(null),
      structureId: criterionText,
      structure: criterionText,
      service: criterionText,
    })
    .nullable()
    .catch(null),
  page: pageNumber,
  generation: pageNumber,
}) satisfies z.ZodType<UserSearchState>;

const searchStateCodec = metadataCodec(searchStateSchema);

export const encodeSearchState = searchStateCodec.encode;

export function decodeSearchState(raw: string | undefined): UserSearchState {
  return searchStateCodec.decode(raw) ?? INITIAL_SEARCH_STATE;
}

/** What an action on the results did, shown above the refreshed results. */
export type UserSearchOutcome =
  | { kind: "activation"; result: SendActivationEmailsResult }
  | { kind: "detach"; structureId: string; result: DetachUsersResult }
  | { kind: "export"; filename: string }
  | { kind: "updated"; account: AccountSummary; changed: boolean }
  | { kind: "decided"; request: RequestDetails }
  | { kind: "error"; message: string };

export interface UserSearchModalInput {
  state: UserSearchState;
  structures: ManagedStructure[];
  /** Null before the first search (or after "Réinitialiser"). */
  result: UserSearchResult | null;
  outcome?: UserSearchOutcome | null;
}

type CriterionField = Exclude<keyof UserSearchCriteria, "structureId">;

const CRITERION_ACTIONS: Record<CriterionField, string> = {
  lastName: ActionIds.userSearchLastName,
  firstName: ActionIds.userSearchFirstName,
  loginEmail: ActionIds.userSearchLoginEmail,
  status: ActionIds.userSearchStatus,
  structure: ActionIds.userSearchStructure,
  service: ActionIds.userSearchService,
};

function criterionBlockId(field: CriterionField, generation: number): string {
  return `${CRITERION_ACTIONS[field]}_${generation}`;
}

/** Maps the search use case's field names to the modal's block ids, for field errors. */
export function criteriaFieldBlocks(generation: number): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(CRITERION_ACTIONS) as CriterionField[]).map((field) => [
      field,
      criterionBlockId(field, generation),
    ]),
  );
}

function textCriterion(
  field: CriterionField,
  label: string,
  value: string | null,
  generation: number,
  hint?: string,
): types.InputBlock {
  return {
    type: "input",
    block_id: criterionBlockId(field, generation),
    optional: true,
    label: plainText(label),
    ...(hint ? { hint: plainText(hint, LIMITS.inputLabel) } : {}),
    element: {
      type: "plain_text_input",
      action_id: CRITERION_ACTIONS[field],
      max_length: MAX_CRITERION_LENGTH,
      ...(value ? { initial_value: value } : {}),
    },
  };
}

function selectCriterion(
  field: CriterionField,
  label: string,
  options: types.PlainTextOption[],
  selected: string | null,
  generation: number,
): types.InputBlock {
  const [all] = options;
  return {
    type: "input",
    block_id: criterionBlockId(field, generation),
    optional: true,
    label: plainText(label),
    element: {
      type: "static_select",
      action_id: CRITERION_ACTIONS[field],
      options,
      initial_option: options.find((option) => option.value === selected) ?? all,
    },
  };
}

function criteriaBlocks(messages: Messages, input: UserSearchModalInput): types.KnownBlock[] {
  const labels = messages.userSearch;
  const criteria = input.state.criteria ?? EMPTY_CRITERIA;
  const { generation } = input.state;
  const statusOptions = [
    { text: plainText(labels.allStatuses), value: "all" },
    ...ACCOUNT_STATUSES.map((status) => ({
      text: plainText(messages.accountStatuses[status]),
      value: status,
    })),
  ];
  const structure =
    input.structures.length <= MAX_STRUCTURE_OPTIONS
      ? selectCriterion(
          "structure",
          labels.structure,
          [
            { text: plainText(labels.allStructures), value: "all" },
            ...input.structures.map((managed) => ({
              text: plainText(`${managed.designation} (${managed.identifier})`),
              value: managed.id,
            })),
          ],
          criteria.structureId,
          generation,
        )
      : textCriterion("structure", labels.structure, criteria.structure, generation, labels.structureHint);
  return [
    { type: "context", elements: [mrkdwn(labels.criteriaHint)] },
    textCriterion("lastName", labels.lastName, criteria.lastName, generation),
    textCriterion("firstName", labels.firstName, criteria.firstName, generation),
    textCriterion("loginEmail", labels.loginEmail, criteria.loginEmail, generation),
    selectCriterion("status", labels.status, statusOptions, criteria.status, generation),
    structure,
    textCriterion("service", labels.service, criteria.service, generation, labels.serviceHint),
    {
      type: "actions",
      block_id: BlockIds.userSearchReset,
      elements: [
        {
          type: "button",
          action_id: ActionIds.userSearchReset,
          text: plainText(labels.reset),
          value: "reset",
        },
      ],
    },
  ];
}

function attachmentLine(messages: Messages, attachment: FoundAttachment): string {
  const scope = attachment.wholeStructure
    ? messages.attachmentRequest.wholeStructure
    : servicesLabel(messages, attachment.services);
  return messages.userSearch.attachmentLine(
    escapeMrkdwn(`${attachment.structure.designation} (${attachment.structure.identifier})`),
    messages.roles[attachment.role],
    escapeMrkdwn(scope),
  );
}

function userHeadline(messages: Messages, user: FoundUser): string {
  const status = messages.accountStatuses[user.status];
  const kind = user.technical ? ` · ${messages.userSearch.technical}` : "";
  return `*${escapeMrkdwn(`${user.lastName} ${user.firstName}`)}* · ${escapeMrkdwn(user.loginEmail)}\n${status}${kind}`;
}

function userRowText(messages: Messages, user: FoundUser): string {
  const lines = [
    ...user.attachments.map((attachment) => attachmentLine(messages, attachment)),
    ...user.pendingRequests.map((request) =>
      messages.userSearch.pendingRequestLine(
        escapeMrkdwn(`${request.structure.designation} (${request.structure.identifier})`),
      ),
    ),
  ];
  const shown = lines.slice(0, MAX_ROW_STRUCTURES);
  if (lines.length > shown.length)
    shown.push(messages.userSearch.moreStructures(lines.length - shown.length));
  return clip([userHeadline(messages, user), ...shown].join("\n"), LIMITS.sectionText);
}

function rowMenu(messages: Messages, user: FoundUser): types.Overflow {
  const labels = messages.userSearch;
  const option = (action: RowMenuAction, text: string) => ({
    text: plainText(text),
    value: `${action}:${user.id}`,
  });
  return {
    type: "overflow",
    action_id: ActionIds.userSearchRowMenu,
    options: [
      option("detail", labels.showDetail),
      option("edit", labels.editUser),
      ...(user.status === "PENDING_ACTIVATION" ? [option("activation", labels.sendActivation)] : []),
    ],
  };
}

/**
 * Buttons of one kind repeat in a row (one per structure or request) but action ids must be unique in
 * an actions block: they are numbered, and the listener is registered on the pattern.
 */
function numberedActionId(base: string, index: number): string {
  return `${base}_${index}`;
}

export function numberedActionPattern(base: string): RegExp {
  return new RegExp(`^${base}_\\d+$`);
}

function structureName(structure: ManagedStructure): string {
  return `${structure.designation} (${structure.identifier})`;
}

function rowButtons(messages: Messages, user: FoundUser): types.Button[] {
  const labels = messages.userSearch;
  const requests = user.pendingRequests.flatMap((request, index): types.Button[] => [
    {
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchValidateRequest, index),
      text: plainText(labels.validateRequest(request.structure.designation)),
      value: request.id,
      style: "primary",
    },
    {
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchRefuseRequest, index),
      text: plainText(labels.refuseRequest(request.structure.designation)),
      value: request.id,
    },
  ]);
  // The principal manager is never detached here (the structure would lose its principal).
  const detachable = user.attachments.filter((attachment) => attachment.role !== "PRINCIPAL_MANAGER");
  const detach = detachable.map(
    (attachment, index): types.Button => ({
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchDetach, index),
      text: plainText(labels.detach(attachment.structure.designation)),
      value: detachValueCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
      style: "danger",
      confirm: dangerConfirmation({
        title: labels.detachConfirmTitle,
        text: labels.detachConfirmText(
          `${user.firstName} ${user.lastName}`,
          structureName(attachment.structure),
        ),
        confirm: labels.detachConfirm,
        deny: labels.cancel,
      }),
    }),
  );
  // Its handler (technical users) is registered on the exact id: one per row, the others in the detail.
  const [first] = user.attachments;
  const resetPassword = user.technical && first ? [resetPasswordButton(messages, user, first)] : [];
  return [...requests, ...detach, ...resetPassword].slice(0, MAX_ROW_BUTTONS);
}

function resetPasswordButton(messages: Messages, user: FoundUser, attachment: FoundAttachment): types.Button {
  return {
    type: "button",
    action_id: ActionIds.resetTechnicalPassword,
    text: plainText(messages.userSearch.resetTechnicalPassword(attachment.structure.designation)),
    value: detachValueCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
  };
}

function userRowBlocks(messages: Messages, user: FoundUser): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      block_id: `${BlockIds.userSearchRowPrefix}${user.id}`,
      text: mrkdwn(userRowText(messages, user)),
      accessory: rowMenu(messages, user),
    },
  ];
  const buttons = rowButtons(messages, user);
  if (buttons.length > 0) {
    blocks.push({
      type: "actions",
      block_id: `${BlockIds.userSearchRowActionsPrefix}${user.id}`,
      elements: buttons,
    });
  }
  return blocks;
}

function namesOf(accounts: AccountSummary[]): string {
  return accounts
    .map((account) => `${account.firstName} ${account.lastName} (${account.loginEmail})`)
    .join(", ");
}

/** The outcome of the last action, in full sentences: what was done, what was not and why. */
export function outcomeText(
  messages: Messages,
  outcome: UserSearchOutcome,
  structures: ManagedStructure[],
): string {
  const labels = messages.userSearch;
  switch (outcome.kind) {
    case "activation": {
      const lines = [];
      if (outcome.result.sent.length > 0) lines.push(labels.activationSent(namesOf(outcome.result.sent)));
      for (const { account, reason } of outcome.result.skipped) {
        lines.push(labels.skipped(namesOf([account]), labels.activationSkipReasons[reason]));
      }
      return lines.join("\n");
    }
    case "detach": {
      const lines = [];
      const found = structures.find((structure) => structure.id === outcome.structureId);
      const structure = found ? structureName(found) : labels.theStructure;
      if (outcome.result.detached.length > 0)
        lines.push(labels.detached(structure, namesOf(outcome.result.detached)));
      for (const { account, reason } of outcome.result.skipped) {
        lines.push(labels.skipped(namesOf([account]), labels.detachSkipReasons[reason]));
      }
      return lines.join("\n");
    }
    case "export":
      return messages.exports.sent(outcome.filename);
    case "updated":
      return outcome.changed
        ? labels.updated(namesOf([outcome.account]))
        : labels.unchanged(namesOf([outcome.account]));
    case "decided": {
      const { requester, structure, status } = outcome.request;
      const name = `${requester.firstName} ${requester.lastName} (${requester.loginEmail})`;
      return labels.decided(name, structureName(structure), status === "VALIDATED");
    }
    case "error":
      return outcome.message;
  }
}

function resultBlocks(messages: Messages, result: UserSearchResult, generation: number): types.KnownBlock[] {
  const labels = messages.userSearch;
  const pages = Math.max(1, Math.ceil(result.total / USER_SEARCH_PAGE_SIZE));
  const blocks: types.KnownBlock[] = [
    { type: "divider" },
    {
      type: "context",
      elements: [
        mrkdwn(result.total === 0 ? labels.empty : labels.count(result.total, result.page + 1, pages)),
      ],
    },
    ...result.users.flatMap((user) => userRowBlocks(messages, user)),
  ];
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.userSearchPages,
      actionIds: { previous: ActionIds.userSearchPreviousPage, next: ActionIds.userSearchNextPage },
      labels: messages.pendingList,
      page: result.page,
      pages,
    }),
  );
  if (result.users.length === 0) return blocks;
  blocks.push(
    ...checkboxGroups({
      blockIdPrefix: `${BlockIds.userSearchSelectionPrefix}${generation}_`,
      actionId: ActionIds.userSearchSelection,
      label: labels.selection,
      hint: labels.selectionHint,
      options: result.users.map((user) => ({
        text: plainText(`${user.lastName} ${user.firstName}`),
        description: plainText(user.loginEmail),
        value: user.id,
      })),
    }),
  );
  blocks.push({
    type: "actions",
    block_id: BlockIds.userSearchBulk,
    elements: [
      {
        type: "button",
        action_id: ActionIds.userSearchBulkActivation,
        text: plainText(labels.bulkActivation),
        value: "activation",
      },
      {
        type: "button",
        action_id: ActionIds.userSearchBulkDetach,
        text: plainText(labels.bulkDetach),
        value: "detach",
        style: "danger",
        confirm: dangerConfirmation({
          title: labels.detachConfirmTitle,
          text: labels.bulkDetachConfirmText,
          confirm: labels.continue,
          deny: labels.cancel,
        }),
      },
      {
        type: "button",
        action_id: ActionIds.userSearchBulkExport,
        text: plainText(labels.bulkExport),
        value: "export",
      },
    ],
  });
  return blocks;
}

/**
 * `/chorus utilisateurs`: the guide's search criteria, "Rechercher" (the modal's submit) and
 * "Réinitialiser", then one page of results: each user with their structures, a menu (détail,
 * modifier, courriel d'activation) and buttons (demande en attente, supprimer le rattachement, mot de
 * passe technique), a selection for the bulk actions, and the outcome of the last action on top.
 */
export function userSearchModal(messages: Messages, input: UserSearchModalInput): types.ModalView {
  const labels = messages.userSearch;
  const blocks = criteriaBlocks(messages, input);
  if (input.outcome) {
    blocks.push({
      type: "section",
      text: mrkdwn(escapeMrkdwn(outcomeText(messages, input.outcome, input.structures))),
    });
  }
  if (input.result) blocks.push(...resultBlocks(messages, input.result, input.state.generation));
  return {
    type: "modal",
    callback_id: CallbackIds.userSearchModal,
    private_metadata: encodeSearchState(input.state),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks,
  };
}

/** Every value of an action id, whatever its block (the blocks' ids carry the generation). */
function valuesOf(values: StateValues, actionId: string): ViewStateValue[] {
  return Object.values(values).flatMap((actions) => {
    const value = actions?.[actionId];
    return value ? [value] : [];
  });
}

/** The criteria as typed in the modal (checked by the use case). */
export function readSearchCriteria(values: StateValues): UserSearchCriteria {
  const text = (actionId: string) => valuesOf(values, actionId)[0]?.value?.trim() || null;
  const chosen = (actionId: string) => {
    const value = valuesOf(values, actionId)[0]?.selected_option?.value;
    return value && value !== "all" ? value : null;
  };
  const [structureInput] = valuesOf(values, ActionIds.userSearchStructure);
  const structureChosen = structureInput?.type === "static_select";
  return {
    lastName: text(ActionIds.userSearchLastName),
    firstName: text(ActionIds.userSearchFirstName),
    loginEmail: text(ActionIds.userSearchLoginEmail),
    status: ACCOUNT_STATUSES.find((status) => status === chosen(ActionIds.userSearchStatus)) ?? null,
    structureId: structureChosen ? chosen(ActionIds.userSearchStructure) : null,
    structure: structureChosen ? null : text(ActionIds.userSearchStructure),
    service: text(ActionIds.userSearchService),
  };
}

/** The users ticked on the page. */
export function readSelectedUserIds(values: StateValues): string[] {
  return readCheckboxGroups(values, BlockIds.userSearchSelectionPrefix, ActionIds.userSearchSelection);
}

export type RowMenuAction = "detail" | "edit" | "activation";

export function parseRowMenuValue(
  value: string | undefined,
): { action: RowMenuAction; userId: string } | null {
  const [action, userId] = (value ?? "").split(":");
  if (!userId || (action !== "detail" && action !== "edit" && action !== "activation")) return null;
  return { action, userId };
}

/** A row's "Supprimer le rattachement" value: the structure and the user. */
const detachValueCodec = metadataCodec(z.object({ structureId: z.string(), userId: z.string() }));
export const parseDetachValue = detachValueCodec.decode;

/** "Voir le détail" (pushed): every structure of the manager's the user is attached to, roles, services. */
export function userDetailModal(messages: Messages, user: FoundUser): types.ModalView {
  const labels = messages.userSearch;
  const contact = user.contactEmail ?? labels.noContactEmail;
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: mrkdwn(
        clip(
          `${userHeadline(messages, user)}\n${labels.contactEmail}${messages.colon}${escapeMrkdwn(contact)}`,
          LIMITS.sectionText,
        ),
      ),
    },
    { type: "header", text: plainText(labels.structuresHeader, LIMITS.headerText) },
  ];
  for (const attachment of user.attachments) {
    blocks.push({
      type: "section",
      text: mrkdwn(attachmentLine(messages, attachment)),
      ...(user.technical ? { accessory: resetPasswordButton(messages, user, attachment) } : {}),
    });
  }
  for (const request of user.pendingRequests) {
    blocks.push({
      type: "section",
      text: mrkdwn(labels.pendingRequestLine(escapeMrkdwn(structureName(request.structure)))),
    });
  }
  const shown = blocks.slice(0, MAX_DETAIL_BLOCKS);
  if (blocks.length > shown.length) {
    shown.push({ type: "context", elements: [mrkdwn(labels.moreStructures(blocks.length - shown.length))] });
  }
  return {
    type: "modal",
    title: modalText(labels.detailTitle),
    close: modalText(labels.back),
    blocks: shown,
  };
}

/** Where a pushed modal returns: the search modal's id and state, to refresh it afterwards. */
export const searchParentSchema = z.object({
  viewId: z.string(),
  state: searchStateSchema.catch(INITIAL_SEARCH_STATE),
});
export type SearchParent = z.output<typeof searchParentSchema>;

/** What a modal pushed from the results carries: where it returns, and the users it is about. */
const childMetadataSchema = z.object({
  parent: searchParentSchema,
  userIds: z.array(z.unknown()).transform((ids) => ids.filter((id): id is string => typeof id === "string")),
});
const childMetadataCodec = metadataCodec(childMetadataSchema);

const encodeChildMetadata = childMetadataCodec.encode;
export const decodeChildMetadata = childMetadataCodec.decode;

function nameInput(blockId: string, actionId: string, label: string, value: string | null): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plainText(label),
    element: {
      type: "plain_text_input",
      action_id: actionId,
      max_length: MAX_NAME_LENGTH,
      ...(value ? { initial_value: value } : {}),
    },
  };
}

/** "Modifier l'utilisateur" (pushed): names and contact e-mail; the login e-mail is shown, not edited. */
export function updateUserModal(
  messages: Messages,
  user: AccountSummary & { contactEmail: string | null },
  parent: SearchParent,
): types.ModalView {
  const labels = messages.userSearch;
  return {
    type: "modal",
    callback_id: CallbackIds.updateUserModal,
    private_metadata: encodeChildMetadata({ parent, userIds: [user.id] }),
    title: modalText(labels.editTitle),
    submit: modalText(labels.save),
    close: modalText(labels.cancel),
    blocks: [
      {
        type: "section",
        text: mrkdwn(`${labels.loginEmail}${messages.colon}${escapeMrkdwn(user.loginEmail)}`),
      },
      nameInput(BlockIds.updateUserLastName, ActionIds.updateUserLastName, labels.lastName, user.lastName),
      nameInput(
        BlockIds.updateUserFirstName,
        ActionIds.updateUserFirstName,
        labels.firstName,
        user.firstName,
      ),
      {
        type: "input",
        block_id: BlockIds.updateUserContactEmail,
        optional: true,
        label: plainText(labels.contactEmail),
        hint: plainText(labels.contactEmailHint, LIMITS.inputLabel),
        element: {
          type: "email_text_input",
          action_id: ActionIds.updateUserContactEmail,
          ...(user.contactEmail ? { initial_value: user.contactEmail } : {}),
        },
      },
    ],
  };
}

export function readUpdateUser(values: StateValues) {
  return {
    lastName: values[BlockIds.updateUserLastName]?.[ActionIds.updateUserLastName]?.value ?? "",
    firstName: values[BlockIds.updateUserFirstName]?.[ActionIds.updateUserFirstName]?.value ?? "",
    contactEmail: values[BlockIds.updateUserContactEmail]?.[ActionIds.updateUserContactEmail]?.value ?? null,
  };
}

export const updateUserFieldBlocks: Record<string, string> = {
  lastName: BlockIds.updateUserLastName,
  firstName: BlockIds.updateUserFirstName,
  contactEmail: BlockIds.updateUserContactEmail,
};

/**
 * "Supprimer le rattachement" on a selection without a structure filter: asks from which structure
 * (the manager's structures the selected users are attached to), never a single service.
 */
export function bulkDetachModal(
  messages: Messages,
  input: { userIds: string[]; structures: ManagedStructure[]; parent: SearchParent },
): types.ModalView {
  const labels = messages.userSearch;
  return {
    type: "modal",
    callback_id: CallbackIds.bulkDetachModal,
    private_metadata: encodeChildMetadata({ parent: input.parent, userIds: input.userIds }),
    title: modalText(labels.bulkDetachTitle),
    submit: modalText(labels.detachConfirm),
    close: modalText(labels.cancel),
    blocks: [
      { type: "section", text: mrkdwn(labels.bulkDetachIntro(input.userIds.length)) },
      {
        type: "input",
        block_id: BlockIds.bulkDetachStructure,
        label: plainText(labels.structure),
        element: {
          type: "static_select",
          action_id: ActionIds.bulkDetachStructure,
          options: input.structures.slice(0, MAX_STRUCTURE_OPTIONS + 1).map((structure) => ({
            text: plainText(structureName(structure)),
            value: structure.id,
          })),
        },
      },
    ],
  };
}

export function readBulkDetachStructure(values: StateValues): string | null {
  return (
    values[BlockIds.bulkDetachStructure]?.[ActionIds.bulkDetachStructure]?.selected_option?.value ?? null
  );
}
