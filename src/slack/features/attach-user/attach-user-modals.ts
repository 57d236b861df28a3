import type { types } from "@slack/bolt";
import { z } from "zod";
import { isoDay } from "../../../domain/start-date.ts";
import type { Messages } from "../../../i18n/index.ts";
import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import type { AttachTargets } from "../../../services/accounts/attachment-grants.ts";
import type { AttachmentGrantInput, AttachStructure } from "../../../services/accounts/manager-attachment.ts";
import {
  type AccountSearchCriteria,
  MAX_CRITERION_LENGTH,
} from "../../../services/accounts/search-attachable-accounts.ts";
import { noticeView, type StateValues, type TextInputOptions, textInputBlock } from "../../blocks/kit.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds, WHOLE_STRUCTURE_VALUE } from "../../ids.ts";
import { commentInput, roleInput, scopeBlocks } from "../request-decision/request-modals.ts";

export const EMPTY_CRITERIA: AccountSearchCriteria = { lastName: "", firstName: "", loginEmail: "" };

/** A typed criterion as the search modal keeps it: anything but text is none. */
const criterion = z.string().catch("");

/** The search modal's `private_metadata`: its structure and the criteria of the last search. */
const searchMetadataCodec = metadataCodec(
  z.object({
    structureId: z.string(),
    criteria: z
      .object({ lastName: criterion, firstName: criterion, loginEmail: criterion })
      .catch(EMPTY_CRITERIA),
  }) satisfies z.ZodType<{ structureId: string; criteria: AccountSearchCriteria }>,
);
export type AttachSearchMetadata = NonNullable<ReturnType<typeof searchMetadataCodec.decode>>;
export const decodeSearchMetadata = searchMetadataCodec.decode;

/** The attach and create forms' `private_metadata`; userId null: the account is being created. */
const formMetadataCodec = metadataCodec(
  z.object({ structureId: z.string(), userId: z.string().nullable().catch(null) }),
);
export type AttachFormMetadata = NonNullable<ReturnType<typeof formMetadataCodec.decode>>;
export const decodeFormMetadata = formMetadataCodec.decode;

function structureLine(messages: Messages, structure: AttachStructure): types.ContextBlock {
  const name = `${structure.designation} (${structure.identifier})`;
  return {
    type: "context",
    elements: [mrkdwn(messages.attachUser.structureLine(escapeMrkdwn(clip(name, 2500))))],
  };
}

/** A text field of the attach forms: at most what an account's criteria may hold, by default. */
function textInput(
  label: string,
  ids: { block: string; action: string },
  options: TextInputOptions = {},
): types.InputBlock {
  return textInputBlock(label, ids, { maxLength: MAX_CRITERION_LENGTH, ...options });
}

export interface AttachSearchModalInput {
  structure: AttachStructure;
  criteria: AccountSearchCriteria;
  /** Null before the first search. */
  result: { accounts: AccountSummary[]; more: boolean } | null;
}

function accountLine(messages: Messages, account: AccountSummary): string {
  const name = escapeMrkdwn(clip(`${account.firstName} ${account.lastName}`, 500));
  return `*${name}*\n${escapeMrkdwn(clip(account.loginEmail, 500))} · ${messages.accountStatuses[account.status]}`;
}

/** "Créer le compte utilisateur": the button ends every search's results (primary when nobody was found). */
function createAccountActions(messages: Messages, primary: boolean): types.ActionsBlock {
  return {
    type: "actions",
    block_id: BlockIds.attachUserCreate,
    elements: [
      {
        type: "button",
        action_id: ActionIds.attachUserCreate,
        text: plainText(messages.attachUser.createButton),
        ...(primary ? { style: "primary" as const } : {}),
        value: "create",
      },
    ],
  };
}

function resultBlocks(
  messages: Messages,
  result: NonNullable<AttachSearchModalInput["result"]>,
): types.KnownBlock[] {
  const labels = messages.attachUser;
  if (result.accounts.length === 0) {
    return [{ type: "section", text: mrkdwn(labels.noResult) }, createAccountActions(messages, true)];
  }
  const blocks: types.KnownBlock[] = [
    { type: "section", text: mrkdwn(labels.resultCount(result.accounts.length)) },
  ];
  for (const account of result.accounts) {
    blocks.push({
      type: "section",
      block_id: `${BlockIds.attachUserResultPrefix}${account.id}`,
      text: mrkdwn(accountLine(messages, account)),
      accessory: {
        type: "button",
        action_id: ActionIds.attachUserPick,
        text: plainText(labels.attachButton),
        value: account.id,
      },
    });
  }
  if (result.more)
    blocks.push({ type: "context", elements: [mrkdwn(labels.tooManyResults(result.accounts.length))] });
  // The person may have no account yet even when others match (a namesake): only their login, once
  // typed in the form, can say it is taken.
  blocks.push(
    { type: "context", elements: [mrkdwn(labels.notFoundHint)] },
    createAccountActions(messages, false),
  );
  return blocks;
}

/**
 * The guide's search screen: nom, prénom, adresse de connexion, then the accounts found, each with
 * "Rattacher", and "Créer le compte utilisateur" after any search. "Rechercher" is the submit button,
 * so the results replace the modal in place.
 */
export function attachUserSearchModal(messages: Messages, input: AttachSearchModalInput): types.ModalView {
  const labels = messages.attachUser;
  const { criteria } = input;
  const blocks: types.KnownBlock[] = [
    structureLine(messages, input.structure),
    textInput(
      labels.lastName,
      { block: BlockIds.attachUserLastName, action: ActionIds.attachUserLastName },
      {
        optional: true,
        initial: criteria.lastName,
      },
    ),
    textInput(
      labels.firstName,
      { block: BlockIds.attachUserFirstName, action: ActionIds.attachUserFirstName },
      {
        optional: true,
        initial: criteria.firstName,
      },
    ),
    textInput(
      labels.loginEmail,
      { block: BlockIds.attachUserLoginEmail, action: ActionIds.attachUserLoginEmail },
      {
        optional: true,
        initial: criteria.loginEmail,
        hint: labels.searchHint,
      },
    ),
  ];
  if (input.result) blocks.push({ type: "divider" }, ...resultBlocks(messages, input.result));
  const metadata: AttachSearchMetadata = { structureId: input.structure.id, criteria };
  return {
    type: "modal",
    callback_id: CallbackIds.attachUserSearchModal,
    private_metadata: searchMetadataCodec.encode(metadata),
    title: modalText(labels.searchTitle),
    submit: modalText(labels.searchSubmit),
    close: modalText(labels.close),
    blocks,
  };
}

/** Role, start date, comment and scope, in the guide's order (A to E). */
function grantBlocks(messages: Messages, targets: AttachTargets, today: Date): types.KnownBlock[] {
  const labels = messages.attachUser;
  return [
    roleInput(messages, labels.role),
    {
      type: "input",
      block_id: BlockIds.attachUserStartDate,
      label: plainText(labels.startDate),
      element: { type: "datepicker", action_id: ActionIds.attachUserStartDate, initial_date: isoDay(today) },
    },
    commentInput(messages, labels.comment),
    // Nothing held yet: "Rattacher à la structure" is the default, as the guide's form has it.
    ...scopeBlocks(messages, {
      ...targets,
      wholeStructureTicked: targets.alreadyAttached.services.length === 0,
      preselected: [],
      servicesActionId: ActionIds.attachUserServices,
    }),
  ];
}

export interface AttachExistingUserModalInput {
  structure: AttachStructure;
  account: AccountSummary;
  targets: AttachTargets;
  pendingRequest: boolean;
  /** Today in Paris: the datepicker's default. */
  today: Date;
}

/** "Rattacher" a found account: who and where, then the role, start date, comment and scope. */
export function attachExistingUserModal(
  messages: Messages,
  input: AttachExistingUserModalInput,
): types.ModalView {
  const labels = messages.attachUser;
  const { account } = input;
  const blocks: types.KnownBlock[] = [
    structureLine(messages, input.structure),
    { type: "section", text: mrkdwn(accountLine(messages, account)) },
  ];
  if (input.pendingRequest) blocks.push({ type: "context", elements: [mrkdwn(labels.pendingRequestNote)] });
  blocks.push({ type: "divider" }, ...grantBlocks(messages, input.targets, input.today));
  const metadata: AttachFormMetadata = { structureId: input.structure.id, userId: account.id };
  return {
    type: "modal",
    callback_id: CallbackIds.attachExistingUserModal,
    private_metadata: formMetadataCodec.encode(metadata),
    title: modalText(labels.attachTitle),
    submit: modalText(labels.submit),
    close: modalText(labels.back),
    blocks,
  };
}

export interface CreateAccountModalInput {
  structure: AttachStructure;
  targets: AttachTargets;
  today: Date;
  /** The criteria of the search that found nobody, typed again for the manager. */
  prefill: AccountSearchCriteria;
}

/** "Créer le compte utilisateur": the person (contact e-mail optional), then the attachment. */
export function createAccountModal(messages: Messages, input: CreateAccountModalInput): types.ModalView {
  const labels = messages.attachUser;
  const blocks: types.KnownBlock[] = [
    structureLine(messages, input.structure),
    textInput(
      labels.lastName,
      { block: BlockIds.attachUserLastName, action: ActionIds.attachUserLastName },
      {
        initial: input.prefill.lastName,
        maxLength: 100,
      },
    ),
    textInput(
      labels.firstName,
      { block: BlockIds.attachUserFirstName, action: ActionIds.attachUserFirstName },
      {
        initial: input.prefill.firstName,
        maxLength: 100,
      },
    ),
    textInput(
      labels.loginEmail,
      { block: BlockIds.attachUserLoginEmail, action: ActionIds.attachUserLoginEmail },
      {
        initial: input.prefill.loginEmail,
      },
    ),
    textInput(
      labels.contactEmail,
      { block: BlockIds.attachUserContactEmail, action: ActionIds.attachUserContactEmail },
      { optional: true, hint: labels.contactEmailHint },
    ),
    { type: "divider" },
    ...grantBlocks(messages, input.targets, input.today),
  ];
  const metadata: AttachFormMetadata = { structureId: input.structure.id, userId: null };
  return {
    type: "modal",
    callback_id: CallbackIds.createAccountModal,
    private_metadata: formMetadataCodec.encode(metadata),
    title: modalText(labels.createTitle),
    submit: modalText(labels.createSubmit),
    close: modalText(labels.back),
    blocks,
  };
}

/** What was done, or why nothing was, in place of a form or over the search. */
export function attachNoticeModal(messages: Messages, sentence: string): types.ModalView {
  return noticeView({ title: messages.attachUser.searchTitle, close: messages.attachUser.close }, sentence);
}

function typed(values: StateValues, block: string, action: string): string {
  return values[block]?.[action]?.value?.trim() ?? "";
}

export function readSearchCriteria(values: StateValues): AccountSearchCriteria {
  return {
    lastName: typed(values, BlockIds.attachUserLastName, ActionIds.attachUserLastName),
    firstName: typed(values, BlockIds.attachUserFirstName, ActionIds.attachUserFirstName),
    loginEmail: typed(values, BlockIds.attachUserLoginEmail, ActionIds.attachUserLoginEmail),
  };
}

export function readGrantSubmission(values: StateValues): AttachmentGrantInput {
  const whole = values[BlockIds.wholeStructure]?.[ActionIds.wholeStructureInput]?.selected_options ?? [];
  const services = values[BlockIds.services]?.[ActionIds.attachUserServices]?.selected_options ?? [];
  return {
    role: values[BlockIds.role]?.[ActionIds.roleInput]?.selected_option?.value ?? null,
    startDate: values[BlockIds.attachUserStartDate]?.[ActionIds.attachUserStartDate]?.selected_date ?? null,
    wholeStructure: whole.some((option) => option.value === WHOLE_STRUCTURE_VALUE),
    serviceIds: services
      .map((option) => option.value)
      .filter((value): value is string => typeof value === "string"),
    comment: typed(values, BlockIds.comment, ActionIds.commentInput) || null,
  };
}

export function readNewPerson(values: StateValues) {
  return {
    ...readSearchCriteria(values),
    contactEmail: typed(values, BlockIds.attachUserContactEmail, ActionIds.attachUserContactEmail) || null,
  };
}

/** Maps the use cases' field names to the forms' block ids for `response_action: "errors"`. */
export const attachFieldBlocks: Record<string, string> = {
  lastName: BlockIds.attachUserLastName,
  firstName: BlockIds.attachUserFirstName,
  loginEmail: BlockIds.attachUserLoginEmail,
  contactEmail: BlockIds.attachUserContactEmail,
  role: BlockIds.role,
  startDate: BlockIds.attachUserStartDate,
  comment: BlockIds.comment,
  scope: BlockIds.wholeStructure,
  services: BlockIds.services,
};
