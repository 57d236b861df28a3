import { describe, expect, it } from "vitest";
import { messagesFor } from "../../src/i18n/index.ts";
import { ActionIds, BlockIds, CallbackIds, WHOLE_STRUCTURE_VALUE } from "../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { captureLogs } from "../support/log-capture.ts";
import { fileRequest, principal, requester, seedStructure } from "../support/scenario.ts";
import {
  blockActionsPayload,
  DEFAULT_TEAM_ID,
  type SlackStateValue,
  type SlackStateValues,
  sendInteraction,
  sendSlackRequest,
  slackOption,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";

/**
 * Bad inputs over every modal the app submits, every button that carries an id in its value and
 * every options request: each must end in field errors or a clear message to the manager, never in
 * an unhandled error, and write nothing.
 */

/** The rows the cases point at, created before the tables run. */
const fr = messagesFor("fr");

interface Seeded {
  structureId: string;
  serviceId: string;
  principalId: string;
  requesterId: string;
  attachmentRequestId: string;
  subscriptionRequestId: string;
}

/** What a submission must get back: field errors under `errors`, or the modal replaced by a notice. */
type Answer = { errors: string } | "notice";

interface BadSubmission {
  label: string;
  callbackId: string;
  metadata: string;
  values: SlackStateValues;
  answer: Answer;
}

const MISSING_ID = "00000000-0000-4000-8000-000000000000";
const LONG = "x".repeat(10_000);
const NUL = "Mar\u0000tin";
/** Half of a UTF-16 surrogate pair, alone: no character, and nothing UTF-8 (or PostgreSQL) can hold. */
const LONE_SURROGATE = "Mar\ud800tin";
const PARENT = { viewId: "V0000PARENT", state: {} };

const typed = (value: unknown): SlackStateValue => ({ type: "plain_text_input", value });
const email = (value: unknown): SlackStateValue => ({ type: "email_text_input", value });
const radio = (value: string): SlackStateValue => ({
  type: "radio_buttons",
  selected_option: slackOption(value),
});
const picked = (value: string): SlackStateValue => ({
  type: "static_select",
  selected_option: slackOption(value),
});
const ticked = (...values: string[]): SlackStateValue => ({
  type: "checkboxes",
  selected_options: values.map((value) => slackOption(value)),
});
const multi = (...values: string[]): SlackStateValue => ({
  type: "multi_static_select",
  selected_options: values.map((value) => slackOption(value)),
});
const day = (value: string): SlackStateValue => ({ type: "datepicker", selected_date: value });
const field = (blockId: string, actionId: string, value: SlackStateValue): SlackStateValues => ({
  [blockId]: { [actionId]: value },
});

/** The Paris day `offsetDays` from today, as the datepicker gives it. */
function isoDay(offsetDays: number): string {
  const date = new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(date);
}

function badSubmissions(s: Seeded): BadSubmission[] {
  const cases: BadSubmission[] = [];
  const add = (
    label: string,
    callbackId: string,
    metadata: unknown,
    values: SlackStateValues,
    answer: Answer,
  ) => {
    cases.push({
      label,
      callbackId,
      metadata: typeof metadata === "string" ? metadata : JSON.stringify(metadata),
      values,
      answer,
    });
  };
  const tamperedMetadata: [string, unknown][] = [
    ["metadata that is not JSON", "{{not json"],
    ["empty metadata", ""],
    ["JSON null as metadata", "null"],
    ["metadata of 3,000 characters", "x".repeat(3000)],
  ];

  // "Valider" (attachment)
  const attachment = { type: "attachment", requestId: s.attachmentRequestId };
  const role = (value: string) => field(BlockIds.role, ActionIds.roleInput, radio(value));
  const whole = field(BlockIds.wholeStructure, ActionIds.wholeStructureInput, ticked(WHOLE_STRUCTURE_VALUE));
  const services = (...ids: string[]) => field(BlockIds.services, ActionIds.servicesInput, multi(...ids));
  const comment = (value: unknown) => field(BlockIds.comment, ActionIds.commentInput, typed(value));
  const validAttachment = { ...role("SIMPLE_USER"), ...whole };
  const validate = CallbackIds.validateAttachmentModal;
  for (const [label, metadata] of tamperedMetadata) add(label, validate, metadata, validAttachment, "notice");
  add("an unknown request id", validate, { ...attachment, requestId: MISSING_ID }, validAttachment, "notice");
  add(
    "a request id that is not a uuid",
    validate,
    { ...attachment, requestId: "pas-un-uuid" },
    validAttachment,
    "notice",
  );
  add(
    "an unknown request type",
    validate,
    { ...attachment, type: "rattachement" },
    validAttachment,
    "notice",
  );
  add(
    "a subscription request id as attachment",
    validate,
    { ...attachment, requestId: s.subscriptionRequestId },
    validAttachment,
    "notice",
  );
  add("no block at all", validate, attachment, {}, { errors: BlockIds.wholeStructure });
  add(
    "an unknown role",
    validate,
    attachment,
    { ...whole, ...role("PRINCIPAL_MANAGER") },
    { errors: BlockIds.role },
  );
  add("a made-up role", validate, attachment, { ...whole, ...role("ADMIN") }, { errors: BlockIds.role });
  add(
    "an unknown whole-structure value",
    validate,
    attachment,
    {
      ...role("SIMPLE_USER"),
      ...field(BlockIds.wholeStructure, ActionIds.wholeStructureInput, ticked("everything")),
    },
    { errors: BlockIds.wholeStructure },
  );
  add(
    "a service id that is not a uuid",
    validate,
    attachment,
    { ...role("SIMPLE_USER"), ...services("pas-un-uuid") },
    { errors: BlockIds.services },
  );
  add(
    "an unknown service id",
    validate,
    attachment,
    { ...role("SIMPLE_USER"), ...services(MISSING_ID) },
    { errors: BlockIds.services },
  );
  add(
    "both the whole structure and a service",
    validate,
    attachment,
    { ...validAttachment, ...services(s.serviceId) },
    { errors: BlockIds.wholeStructure },
  );
  add(
    "a 10,000-character comment",
    validate,
    attachment,
    { ...validAttachment, ...comment(LONG) },
    { errors: BlockIds.comment },
  );
  add(
    "a NUL character in the comment",
    validate,
    attachment,
    { ...validAttachment, ...comment(NUL) },
    { errors: BlockIds.comment },
  );

  // "Valider" (subscription)
  const subscription = { type: "subscription", requestId: s.subscriptionRequestId };
  const validateSubscription = CallbackIds.validateSubscriptionModal;
  const modification = (...ids: string[]) =>
    field(BlockIds.modification, ActionIds.modificationInput, ticked(...ids));
  for (const [label, metadata] of tamperedMetadata) add(label, validateSubscription, metadata, {}, "notice");
  add(
    "an attachment request id as subscription",
    validateSubscription,
    { ...subscription, requestId: s.attachmentRequestId },
    {},
    "notice",
  );
  add("an item id that is not a uuid", validateSubscription, subscription, modification("pas-un-uuid"), {
    errors: BlockIds.modification,
  });
  add("an unknown item id", validateSubscription, subscription, modification(MISSING_ID), {
    errors: BlockIds.modification,
  });
  add("a 10,000-character comment", validateSubscription, subscription, comment(LONG), {
    errors: BlockIds.comment,
  });
  add("a NUL character in the comment", validateSubscription, subscription, comment(NUL), {
    errors: BlockIds.comment,
  });

  // "Refuser" (both kinds)
  const refuse = CallbackIds.refuseRequestModal;
  const reason = (value: unknown) => field(BlockIds.reason, ActionIds.reasonInput, typed(value));
  for (const [label, metadata] of tamperedMetadata) add(label, refuse, metadata, reason("Doublon"), "notice");
  add("an unknown request id", refuse, { ...attachment, requestId: MISSING_ID }, reason("Doublon"), "notice");
  add(
    "a request of the other kind",
    refuse,
    { ...subscription, requestId: s.attachmentRequestId },
    reason("Doublon"),
    "notice",
  );
  add("no reason block", refuse, attachment, {}, { errors: BlockIds.reason });
  add("a blank reason", refuse, attachment, reason("   "), { errors: BlockIds.reason });
  add("a null reason", refuse, attachment, reason(null), { errors: BlockIds.reason });
  add("a 10,000-character reason", refuse, attachment, reason(LONG), { errors: BlockIds.reason });
  add("a NUL character in the reason", refuse, attachment, reason(NUL), { errors: BlockIds.reason });
  add("a lone surrogate in the reason", refuse, attachment, reason(LONE_SURROGATE), {
    errors: BlockIds.reason,
  });

  // The pending requests list ("Appliquer")
  const pendingList = CallbackIds.pendingListModal;
  const selection = (...values: string[]) =>
    field(`${BlockIds.pendingSelectionPrefix}0`, ActionIds.pendingSelection, ticked(...values));
  const bulk = (value: string) => field(BlockIds.bulkAction, ActionIds.bulkAction, radio(value));
  add("nothing selected", pendingList, {}, bulk("VALIDATE"), { errors: BlockIds.pendingSelectAll });
  add(
    "a selection of an unknown kind",
    pendingList,
    {},
    { ...selection(`rattachement:${s.attachmentRequestId}`), ...bulk("VALIDATE") },
    { errors: BlockIds.pendingSelectAll },
  );
  add(
    "a selection without id",
    pendingList,
    {},
    { ...selection("attachment:"), ...bulk("VALIDATE") },
    { errors: BlockIds.pendingSelectAll },
  );
  add(
    "a refusal without reason",
    pendingList,
    {},
    { ...selection(`attachment:${s.attachmentRequestId}`), ...bulk("REFUSE") },
    { errors: BlockIds.reason },
  );
  add(
    "a refusal with a 10,000-character reason",
    pendingList,
    {},
    { ...selection(`attachment:${s.attachmentRequestId}`), ...bulk("REFUSE"), ...reason(LONG) },
    { errors: BlockIds.reason },
  );
  add(
    "a refusal with a NUL character in the reason",
    pendingList,
    {},
    { ...selection(`attachment:${s.attachmentRequestId}`), ...bulk("REFUSE"), ...reason(NUL) },
    { errors: BlockIds.reason },
  );
  add(
    "an unknown bulk action",
    pendingList,
    {},
    { ...selection(`attachment:${s.attachmentRequestId}`), ...bulk("DELETE") },
    { errors: BlockIds.bulkAction },
  );

  // Flux reject files ("Recevoir")
  const fluxRejects = CallbackIds.fluxRejectsModal;
  const files = (...values: string[]) =>
    field(`${BlockIds.fluxRejectsSelectionPrefix}0`, ActionIds.fluxRejectsSelection, ticked(...values));
  add("no file chosen", fluxRejects, "", {}, { errors: `${BlockIds.fluxRejectsSelectionPrefix}0` });
  add("a file id that is not a uuid", fluxRejects, "", files("pas-un-uuid"), "notice");
  add("an unknown file id", fluxRejects, "", files(MISSING_ID), "notice");

  // SIRET change
  const confirm = CallbackIds.identifierChangeConfirmModal;
  const change = CallbackIds.identifierChangeModal;
  const structure = { structureId: s.structureId };
  const newSiret = (value: unknown) =>
    field(BlockIds.newIdentifier, ActionIds.newIdentifierInput, typed(value));
  for (const [label, metadata] of tamperedMetadata) {
    add(label, confirm, metadata, {}, "notice");
    add(label, change, metadata, newSiret("73282932000074"), "notice");
  }
  add("an unknown structure id", confirm, { structureId: MISSING_ID }, {}, "notice");
  add(
    "a structure id that is not a uuid",
    change,
    { structureId: "pas-un-uuid" },
    newSiret("73282932000074"),
    "notice",
  );
  for (const [label, siret] of [
    ["13 digits", "7328293200007"],
    ["a wrong key", "73282932000075"],
    ["letters", "7328293200007A"],
    ["10,000 characters", LONG],
    ["a NUL character", "7328293200\u00000074"],
    ["nothing", ""],
  ]) {
    add(`a new SIRET with ${label}`, change, structure, newSiret(siret), { errors: BlockIds.newIdentifier });
  }
  add("no new SIRET block", change, structure, {}, { errors: BlockIds.newIdentifier });

  // User search ("Rechercher"), "Modifier l'utilisateur", bulk detach
  const search = CallbackIds.userSearchModal;
  const lastName = (value: unknown) =>
    field(BlockIds.userSearchRowPrefix, ActionIds.userSearchLastName, typed(value));
  add("no criterion", search, "", {}, { errors: "" });
  add("a 10,000-character last name", search, "", lastName(LONG), { errors: "" });
  add("a NUL character in the last name", search, "", lastName(NUL), { errors: "" });
  add("a lone surrogate in the last name", search, "", lastName(LONE_SURROGATE), { errors: "" });
  add("tampered metadata and no criterion", search, "{{", {}, { errors: "" });
  const update = CallbackIds.updateUserModal;
  const names = (last: unknown, first: unknown) => ({
    ...field(BlockIds.updateUserLastName, ActionIds.updateUserLastName, typed(last)),
    ...field(BlockIds.updateUserFirstName, ActionIds.updateUserFirstName, typed(first)),
  });
  const contact = (value: unknown) =>
    field(BlockIds.updateUserContactEmail, ActionIds.updateUserContactEmail, email(value));
  const child = (userIds: unknown) => ({ parent: PARENT, userIds });
  for (const [label, metadata] of tamperedMetadata)
    add(label, update, metadata, names("Demandeur", "René"), "notice");
  add("an unknown user id", update, child([MISSING_ID]), names("Demandeur", "René"), "notice");
  add("a user id that is not a uuid", update, child(["pas-un-uuid"]), names("Demandeur", "René"), "notice");
  add("no user id", update, child([]), names("Demandeur", "René"), "notice");
  add("no name blocks", update, child([s.requesterId]), {}, { errors: BlockIds.updateUserLastName });
  add("a blank last name", update, child([s.requesterId]), names("  ", "René"), {
    errors: BlockIds.updateUserLastName,
  });
  add("a 10,000-character first name", update, child([s.requesterId]), names("Demandeur", LONG), {
    errors: BlockIds.updateUserFirstName,
  });
  add("a NUL character in the last name", update, child([s.requesterId]), names(NUL, "René"), {
    errors: BlockIds.updateUserLastName,
  });
  for (const [label, value] of [
    ["no at sign", "pas-un-mail"],
    ["255 characters", `${"r".repeat(244)}@exemple.fr`],
    ["a line break", "rene@exemple.fr\nBcc: tous@exemple.fr"],
  ]) {
    add(
      `a contact e-mail with ${label}`,
      update,
      child([s.requesterId]),
      { ...names("Demandeur", "René"), ...contact(value) },
      { errors: BlockIds.updateUserContactEmail },
    );
  }
  const bulkDetach = CallbackIds.bulkDetachModal;
  const detachFrom = (value: string) =>
    field(BlockIds.bulkDetachStructure, ActionIds.bulkDetachStructure, picked(value));
  add(
    "no structure chosen",
    bulkDetach,
    child([s.requesterId]),
    {},
    { errors: BlockIds.bulkDetachStructure },
  );
  add("tampered metadata", bulkDetach, "{{", detachFrom(s.structureId), "notice");
  add(
    "user ids that are not uuids",
    bulkDetach,
    child(["pas-un-uuid", MISSING_ID]),
    detachFrom(s.structureId),
    "notice",
  );
  add(
    "a structure id that is not a uuid",
    bulkDetach,
    child([s.requesterId]),
    detachFrom("pas-un-uuid"),
    "notice",
  );
  add("an unknown structure id", bulkDetach, child([s.requesterId]), detachFrom(MISSING_ID), "notice");

  // Principal handover and account deactivation
  const transfer = CallbackIds.transferPrincipalModal;
  const deactivate = CallbackIds.deactivateAccountModal;
  const successor = (value: unknown) =>
    field(`${BlockIds.handoverSuccessorEmailPrefix}0`, ActionIds.handoverSuccessorEmail, typed(value));
  const successorPick = (value: string) =>
    field(`${BlockIds.handoverSuccessorPickPrefix}0`, ActionIds.handoverSuccessorPick, picked(value));
  const handover = { structureIds: [s.structureId] };
  const successorBlock = `${BlockIds.handoverSuccessorEmailPrefix}0`;
  for (const [label, metadata] of tamperedMetadata) {
    add(label, transfer, metadata, successor(requester.email), "notice");
    add(label, deactivate, metadata, successor(requester.email), "notice");
  }
  add("no structure", transfer, { structureIds: [] }, {}, "notice");
  add("no structure", deactivate, { structureIds: [] }, {}, "notice");
  add("structure ids that are not strings", transfer, { structureIds: [1, 2] }, {}, "notice");
  add(
    "an unknown structure id",
    transfer,
    { structureIds: [MISSING_ID] },
    successor(requester.email),
    "notice",
  );
  add(
    "a structure id that is not a uuid",
    deactivate,
    { structureIds: ["pas-un-uuid"] },
    successor(requester.email),
    "notice",
  );
  add("no successor", transfer, handover, {}, { errors: successorBlock });
  add("a successor e-mail that is not one", transfer, handover, successor("pas-un-mail"), {
    errors: successorBlock,
  });
  add("a 10,000-character successor e-mail", transfer, handover, successor(LONG), { errors: successorBlock });
  add("a NUL character in the successor e-mail", deactivate, handover, successor(`re\u0000ne@exemple.fr`), {
    errors: successorBlock,
  });
  add("an unknown successor", deactivate, handover, successor("inconnu@exemple.fr"), {
    errors: successorBlock,
  });
  add("a successor pick that is not a uuid", transfer, handover, successorPick("pas-un-uuid"), {
    errors: successorBlock,
  });
  add("an unknown successor pick", transfer, handover, successorPick(MISSING_ID), { errors: successorBlock });
  add("the principal as own successor", transfer, handover, successor(principal.email), {
    errors: successorBlock,
  });

  // History export
  const history = CallbackIds.historyModal;
  for (const [label, metadata] of tamperedMetadata) add(label, history, metadata, {}, "notice");
  add("an unknown structure id", history, { structureId: MISSING_ID }, {}, "notice");
  add(
    "a period that ends before it starts",
    history,
    { structureId: s.structureId, from: isoDay(0), to: isoDay(-30) },
    {},
    "notice",
  );

  // Technical user: creation and password reset
  const technical = CallbackIds.createTechnicalUserModal;
  const technicalLogin = (value: unknown) =>
    field(BlockIds.technicalLogin, ActionIds.technicalLoginInput, email(value));
  const technicalContact = (value: unknown) =>
    field(BlockIds.technicalContact, ActionIds.technicalContactInput, email(value));
  for (const [label, metadata] of tamperedMetadata)
    add(label, technical, metadata, technicalLogin("api@exemple.fr"), "notice");
  add(
    "an unknown structure id",
    technical,
    { structureId: MISSING_ID },
    technicalLogin("api@exemple.fr"),
    "notice",
  );
  add(
    "a structure id that is not a uuid",
    technical,
    { structureId: "pas-un-uuid" },
    technicalLogin("api@exemple.fr"),
    "notice",
  );
  add("no login block", technical, structure, {}, { errors: BlockIds.technicalLogin });
  add("a login that is not an e-mail", technical, structure, technicalLogin("pas-un-mail"), {
    errors: BlockIds.technicalLogin,
  });
  add("a 10,000-character login", technical, structure, technicalLogin(`${LONG}@exemple.fr`), {
    errors: BlockIds.technicalLogin,
  });
  add("a NUL character in the login", technical, structure, technicalLogin("api\u0000@exemple.fr"), {
    errors: BlockIds.technicalLogin,
  });
  add("a login already taken", technical, structure, technicalLogin(requester.email), {
    errors: BlockIds.technicalLogin,
  });
  add(
    "a contact that is not an e-mail",
    technical,
    structure,
    { ...technicalLogin("api@exemple.fr"), ...technicalContact("pas-un-mail") },
    { errors: BlockIds.technicalContact },
  );
  const reset = CallbackIds.resetTechnicalPasswordModal;
  for (const [label, metadata] of tamperedMetadata) add(label, reset, metadata, {}, "notice");
  add("no user id", reset, structure, {}, "notice");
  add("an unknown user id", reset, { ...structure, userId: MISSING_ID }, {}, "notice");
  add("a user id that is not a uuid", reset, { ...structure, userId: "pas-un-uuid" }, {}, "notice");
  add("a user who is not technical", reset, { ...structure, userId: s.requesterId }, {}, "notice");

  // Attaching a user: search, attach form, account creation
  const attachSearch = CallbackIds.attachUserSearchModal;
  const attachName = (value: unknown) =>
    field(BlockIds.attachUserLastName, ActionIds.attachUserLastName, typed(value));
  for (const [label, metadata] of tamperedMetadata)
    add(label, attachSearch, metadata, attachName("Demandeur"), "notice");
  add(
    "an unknown structure id",
    attachSearch,
    { structureId: MISSING_ID },
    attachName("Demandeur"),
    "notice",
  );
  add("no criterion", attachSearch, structure, {}, { errors: BlockIds.attachUserLastName });
  add("a 10,000-character last name", attachSearch, structure, attachName(LONG), {
    errors: BlockIds.attachUserLastName,
  });
  add("a NUL character in the last name", attachSearch, structure, attachName(NUL), {
    errors: BlockIds.attachUserLastName,
  });
  const attachExisting = CallbackIds.attachExistingUserModal;
  const startDate = (value: string) =>
    field(BlockIds.attachUserStartDate, ActionIds.attachUserStartDate, day(value));
  const grant = { ...role("SIMPLE_USER"), ...whole, ...startDate(isoDay(0)) };
  const target = { structureId: s.structureId, userId: s.requesterId };
  for (const [label, metadata] of tamperedMetadata) add(label, attachExisting, metadata, grant, "notice");
  add("an unknown user id", attachExisting, { ...target, userId: MISSING_ID }, grant, "notice");
  add("a user id that is not a uuid", attachExisting, { ...target, userId: "pas-un-uuid" }, grant, "notice");
  add("no user id", attachExisting, structure, grant, "notice");
  add("an unknown structure id", attachExisting, { ...target, structureId: MISSING_ID }, grant, "notice");
  add("no block at all", attachExisting, target, {}, { errors: BlockIds.wholeStructure });
  add(
    "an unknown role",
    attachExisting,
    target,
    { ...grant, ...role("PRINCIPAL_MANAGER") },
    { errors: BlockIds.role },
  );
  add(
    "a start date in the past",
    attachExisting,
    target,
    { ...grant, ...startDate(isoDay(-400)) },
    { errors: BlockIds.attachUserStartDate },
  );
  add(
    "a start date that does not exist",
    attachExisting,
    target,
    { ...grant, ...startDate("2026-02-30") },
    { errors: BlockIds.attachUserStartDate },
  );
  add(
    "a start date that is not a date",
    attachExisting,
    target,
    { ...grant, ...startDate("demain") },
    { errors: BlockIds.attachUserStartDate },
  );
  add(
    "a service id that is not a uuid",
    attachExisting,
    target,
    {
      ...role("SIMPLE_USER"),
      ...startDate(isoDay(0)),
      ...field(BlockIds.services, ActionIds.attachUserServices, multi("pas-un-uuid")),
    },
    { errors: BlockIds.services },
  );
  add(
    "a 10,000-character comment",
    attachExisting,
    target,
    { ...grant, ...comment(LONG) },
    { errors: BlockIds.comment },
  );
  add(
    "a NUL character in the comment",
    attachExisting,
    target,
    { ...grant, ...comment(NUL) },
    { errors: BlockIds.comment },
  );
  const create = CallbackIds.createAccountModal;
  const person = (last: unknown, first: unknown, login: unknown) => ({
    ...attachName(last),
    ...field(BlockIds.attachUserFirstName, ActionIds.attachUserFirstName, typed(first)),
    ...field(BlockIds.attachUserLoginEmail, ActionIds.attachUserLoginEmail, typed(login)),
  });
  const newcomer = person("Nouveau", "Noé", "noe.nouveau@exemple.fr");
  for (const [label, metadata] of tamperedMetadata)
    add(label, create, metadata, { ...newcomer, ...grant }, "notice");
  add(
    "an unknown structure id",
    create,
    { structureId: MISSING_ID, userId: null },
    { ...newcomer, ...grant },
    "notice",
  );
  add(
    "no name",
    create,
    structure,
    { ...person("", "", "noe.nouveau@exemple.fr"), ...grant },
    { errors: BlockIds.attachUserLastName },
  );
  add(
    "a 10,000-character first name",
    create,
    structure,
    { ...person("Nouveau", LONG, "noe.nouveau@exemple.fr"), ...grant },
    { errors: BlockIds.attachUserFirstName },
  );
  add(
    "a NUL character in the last name",
    create,
    structure,
    { ...person(NUL, "Noé", "noe.nouveau@exemple.fr"), ...grant },
    { errors: BlockIds.attachUserLastName },
  );
  add(
    "a login that is not an e-mail",
    create,
    structure,
    { ...person("Nouveau", "Noé", "pas-un-mail"), ...grant },
    { errors: BlockIds.attachUserLoginEmail },
  );
  add(
    "a 255-character login",
    create,
    structure,
    { ...person("Nouveau", "Noé", `${"n".repeat(244)}@exemple.fr`), ...grant },
    { errors: BlockIds.attachUserLoginEmail },
  );
  add(
    "a login already taken",
    create,
    structure,
    { ...person("Nouveau", "Noé", requester.email), ...grant },
    { errors: BlockIds.attachUserLoginEmail },
  );
  add(
    "a contact that is not an e-mail",
    create,
    structure,
    {
      ...newcomer,
      ...grant,
      ...field(BlockIds.attachUserContactEmail, ActionIds.attachUserContactEmail, typed("pas-un-mail")),
    },
    { errors: BlockIds.attachUserContactEmail },
  );
  add(
    "a start date in the past",
    create,
    structure,
    { ...newcomer, ...grant, ...startDate(isoDay(-400)) },
    { errors: BlockIds.attachUserStartDate },
  );
  return cases;
}

/** A click on a message button whose value was forged. */
interface BadClick {
  label: string;
  actionId: string;
  value: string;
  /** The button sits in a modal (the structure card), not in a message. */
  inModal?: boolean;
  /** Why the app refuses the click, as the manager reads it; none when it falls back to a default view. */
  why?: string;
}

const ATTACHMENT_NOT_FOUND = "Cette demande de rattachement est introuvable.";
const SUBSCRIPTION_NOT_FOUND = "Cette demande d'abonnement est introuvable.";
const NOT_MANAGER = "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure";
const TECHNICAL_USER_NOT_FOUND = "Cet utilisateur technique est introuvable sur cette structure.";

function badClicks(s: Seeded): BadClick[] {
  const cases: BadClick[] = [];
  const forgedIds: [string, string][] = [
    ["an empty value", ""],
    ["a value that is not a uuid", "pas-un-uuid"],
    ["an unknown uuid", MISSING_ID],
    ["a NUL character", `${s.attachmentRequestId}\u0000`],
    ["2,000 characters", "x".repeat(2000)],
  ];
  for (const [actionId, notFound] of [
    [ActionIds.validateAttachmentRequest, ATTACHMENT_NOT_FOUND],
    [ActionIds.refuseAttachmentRequest, ATTACHMENT_NOT_FOUND],
    [ActionIds.validateSubscriptionRequest, SUBSCRIPTION_NOT_FOUND],
    [ActionIds.refuseSubscriptionRequest, SUBSCRIPTION_NOT_FOUND],
    [ActionIds.attachUserOpen, undefined],
  ] as const) {
    for (const [label, value] of forgedIds) {
      // A trailing NUL is dropped on the way: the attachment request's own id, and its modal, remain.
      const why = label === "a NUL character" && notFound === ATTACHMENT_NOT_FOUND ? undefined : notFound;
      cases.push({ label, actionId, value, ...(why ? { why } : {}) });
    }
  }
  for (const [label, value] of forgedIds)
    cases.push({ label, actionId: ActionIds.changeStructureIdentifier, value, inModal: true });
  cases.push(
    {
      label: "a subscription request id",
      actionId: ActionIds.validateAttachmentRequest,
      value: s.subscriptionRequestId,
      why: ATTACHMENT_NOT_FOUND,
    },
    {
      label: "an attachment request id",
      actionId: ActionIds.refuseSubscriptionRequest,
      value: s.attachmentRequestId,
      why: SUBSCRIPTION_NOT_FOUND,
    },
  );
  for (const [label, value] of [
    ["a value that is not JSON", "{{"],
    ["JSON null", "null"],
    ["a structure id that is not a uuid", JSON.stringify({ structureId: "pas-un-uuid" })],
    ["an unknown structure id", JSON.stringify({ structureId: MISSING_ID, kind: "attachment" })],
    ["an unknown kind", JSON.stringify({ kind: "rattachement" })],
  ] as [string, string][]) {
    cases.push({ label, actionId: ActionIds.openPendingRequests, value });
  }
  for (const [label, value] of [
    ["an unknown identifier", "73282932000074"],
    ["an empty identifier", ""],
    ["a NUL character", "7328293200\u00000074"],
    ["2,000 characters", "9".repeat(2000)],
  ] as [string, string][]) {
    cases.push({
      label,
      actionId: ActionIds.openFluxRejects,
      value,
      ...(value === "" ? {} : { why: NOT_MANAGER }),
    });
    cases.push({ label, actionId: ActionIds.openStructureCard, value, inModal: true });
  }
  for (const [label, value] of [
    ["a value that is not JSON", "{{"],
    ["ids that are not uuids", JSON.stringify({ structureId: "pas-un-uuid", userId: "pas-un-uuid" })],
    ["an unknown user", JSON.stringify({ structureId: s.structureId, userId: MISSING_ID })],
    ["a user who is not technical", JSON.stringify({ structureId: s.structureId, userId: s.requesterId })],
  ] as [string, string][]) {
    const why = ["a value that is not JSON", "a user who is not technical"].includes(label)
      ? TECHNICAL_USER_NOT_FOUND
      : undefined;
    cases.push({ label, actionId: ActionIds.resetTechnicalPassword, value, ...(why ? { why } : {}) });
  }
  return cases;
}

/** What a services selector is asked while the manager types. */
interface BadSuggestion {
  label: string;
  actionId: string;
  metadata: string;
  query: string;
}

function badSuggestions(s: Seeded): BadSuggestion[] {
  const cases: BadSuggestion[] = [];
  const request = JSON.stringify({ type: "attachment", requestId: s.attachmentRequestId });
  const form = JSON.stringify({ structureId: s.structureId, userId: s.requesterId });
  for (const [actionId, valid, forgedId] of [
    [ActionIds.servicesInput, request, JSON.stringify({ type: "attachment", requestId: "pas-un-uuid" })],
    [ActionIds.attachUserServices, form, JSON.stringify({ structureId: "pas-un-uuid", userId: null })],
  ] as const) {
    cases.push(
      { label: "metadata that is not JSON", actionId, metadata: "{{", query: "RH" },
      { label: "empty metadata", actionId, metadata: "", query: "RH" },
      { label: "an id that is not a uuid", actionId, metadata: forgedId, query: "RH" },
      { label: "a 10,000-character query", actionId, metadata: valid, query: LONG },
      { label: "a NUL character in the query", actionId, metadata: valid, query: "R\u0000H" },
      { label: "SQL wildcards in the query", actionId, metadata: valid, query: "%_\\'" },
    );
  }
  return cases;
}

/** Stand-in ids: the figures in the test names do not depend on them. */
const FIGURE_SEED: Seeded = {
  structureId: MISSING_ID,
  serviceId: MISSING_ID,
  principalId: MISSING_ID,
  requesterId: MISSING_ID,
  attachmentRequestId: MISSING_ID,
  subscriptionRequestId: MISSING_ID,
};

const SUBMISSION_FIGURES = (() => {
  const cases = badSubmissions(FIGURE_SEED);
  return {
    cases: cases.length,
    modals: new Set(cases.map((c) => c.callbackId)).size,
    clicks: badClicks(FIGURE_SEED).length,
    refusedClicks: badClicks(FIGURE_SEED).filter((c) => c.why !== undefined).length,
    buttons: new Set(badClicks(FIGURE_SEED).map((c) => c.actionId)).size,
    suggestions: badSuggestions(FIGURE_SEED).length,
  };
})();

describe("bad inputs over the Slack modals and buttons", () => {
  const logs = captureLogs();
  const h = useHarness({}, { logger: logs.logger });

  async function seed(): Promise<Seeded> {
    const created = await seedStructure(h, { services: [{ code: "RH", label: "Ressources humaines" }] });
    const attachmentRequestId = await fileRequest(h, created);
    const subscription = await h.api("POST", "/api/v1/subscription-requests", {
      structureIdentifier: created.identifier,
      userLoginEmail: principal.email,
      spaces: [{ space: "FACTURES_EMISES" }],
    });
    if (subscription.status !== 201) throw new Error(JSON.stringify(subscription.json));
    const { prisma } = h.database;
    const structure = await prisma.structure.findUniqueOrThrow({
      where: { identifier: created.identifier },
      include: { services: true },
    });
    const [principalAccount, requesterAccount] = await Promise.all(
      [principal, requester].map((person) =>
        prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: person.email } }),
      ),
    );
    await h.settle();
    return {
      structureId: structure.id,
      serviceId: structure.services[0]?.id ?? "",
      principalId: principalAccount?.id ?? "",
      requesterId: requesterAccount?.id ?? "",
      attachmentRequestId,
      subscriptionRequestId: subscription.json.id,
    };
  }

  /** Each case as its own modal (its own view id): never taken for a double submission of another. */
  let submitted = 0;
  function submit(submission: BadSubmission) {
    submitted += 1;
    const payload = viewSubmissionPayload({
      userId: principal.slackId,
      callbackId: submission.callbackId,
      privateMetadata: submission.metadata,
      values: submission.values,
      viewId: `V${String(submitted).padStart(10, "0")}`,
    });
    return sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      checkResponseWith: h.slack,
    });
  }

  it(`answers every one of the ${SUBMISSION_FIGURES.cases} bad submissions of the ${SUBMISSION_FIGURES.modals} modals with field errors or a notice, never an unhandled error, and writes nothing`, async () => {
    const seeded = await seed();
    const before = await snapshotDatabase(h.database);
    logs.clear();

    const wrong: unknown[] = [];
    for (const submission of badSubmissions(seeded)) {
      const errorsBefore = logs.errors().length;
      const answer = await submit(submission);
      const json = answer.json as {
        response_action?: string;
        errors?: Record<string, string>;
        view?: unknown;
      };
      const expected = submission.answer;
      const ok =
        answer.status === 200 &&
        (expected === "notice"
          ? (json?.response_action === "update" || json?.response_action === "push") &&
            json.view !== undefined
          : json?.response_action === "errors" &&
            Object.keys(json.errors ?? {}).some((block) => block.startsWith(expected.errors)));
      const logged = logs.errors().slice(errorsBefore);
      if (!ok || logged.length > 0) {
        const got = { status: answer.status, json, logged: logged.map((line) => line.err ?? line.msg) };
        wrong.push({ case: `${submission.callbackId}: ${submission.label}`, expected, got });
      }
    }
    await h.settle();

    expect(wrong).toEqual([]);
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
    // 173 submissions one after another: about 15 s idle, twice that on a busy CI machine.
  }, 120_000);

  const TELLING = ["views.open", "views.push", "views.update", "chat.postEphemeral", "chat.postMessage"];

  /** Slack calls and response-URL posts that tell the clicking manager something. */
  function toldSoFar(): number {
    return h.slack.calls.filter((call) => TELLING.includes(call.method)).length + h.slack.responses.length;
  }

  /** What those calls and posts said, from the `callsBefore`-th call and `responsesBefore`-th post on. */
  function toldSince(callsBefore: number, responsesBefore: number): string {
    const calls = h.slack.calls.slice(callsBefore).filter((call) => TELLING.includes(call.method));
    return JSON.stringify([
      ...calls.map((call) => call.args),
      ...h.slack.responses.slice(responsesBefore).map((r) => r.body),
    ]);
  }

  /** The structure card, opened for real with `/chorus structure`: its buttons update it in place. */
  async function openedStructureCard(seeded: Seeded): Promise<Record<string, unknown>> {
    const opened = h.slack.callsTo("views.open").length;
    const structure = await h.database.prisma.structure.findUniqueOrThrow({
      where: { id: seeded.structureId },
    });
    await h.command({
      userId: principal.slackId,
      text: `structure ${structure.identifier}`,
      channelId: "CLIST00001",
    });
    await h.slack.waitFor(() => h.slack.callsTo("views.open").length > opened);
    const view = [...h.slack.views.values()].at(-1);
    if (!view) throw new Error("the structure card did not open");
    return { id: view.id, hash: view.hash, callback_id: CallbackIds.structureCardModal };
  }

  it(`answers every one of the ${SUBMISSION_FIGURES.clicks} forged values on ${SUBMISSION_FIGURES.buttons} buttons with why it refuses (${SUBMISSION_FIGURES.refusedClicks} of them) or a default view, never an unhandled error, and writes nothing`, async () => {
    const seeded = await seed();
    const before = await snapshotDatabase(h.database);
    logs.clear();

    const wrong: unknown[] = [];
    for (const click of badClicks(seeded)) {
      const errorsBefore = logs.errors().length;
      const toldBefore = toldSoFar();
      const [callsBefore, responsesBefore] = [h.slack.calls.length, h.slack.responses.length];
      const payload = blockActionsPayload({
        userId: principal.slackId,
        actionId: click.actionId,
        value: click.value,
        channelId: "CSTRUCT0001",
        messageTs: "1700000000.000100",
        responseUrl: h.slack.responseUrl(),
        ...(click.inModal
          ? { view: await openedStructureCard(seeded), blockId: BlockIds.structureCardActions }
          : {}),
      });
      const answer = await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload });
      const told = await h.slack
        // A late answer to the click before may come first: wait for this click's own reason.
        .waitFor(
          () =>
            click.why === undefined
              ? toldSoFar() > toldBefore
              : toldSince(callsBefore, responsesBefore).includes(click.why),
          3000,
        )
        .then(() => true)
        .catch(() => false);
      const logged = logs.errors().slice(errorsBefore);
      const said = toldSince(callsBefore, responsesBefore);
      const toldWhy = click.why === undefined || said.includes(click.why);
      if (answer.status !== 200 || !told || !toldWhy || logged.length > 0) {
        wrong.push({
          case: `${click.actionId}: ${click.label}`,
          why: click.why,
          got: { status: answer.status, told, said, logged: logged.map((line) => line.err ?? line.msg) },
        });
      }
    }
    await h.settle();

    expect(wrong).toEqual([]);
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  }, 180_000);

  /** The texts of the ephemeral messages Slack showed `userId`. */
  function ephemeralsTo(userId: string): unknown[] {
    return h.slack
      .callsTo("chat.postEphemeral", { okOnly: true })
      .filter((call) => call.user === userId)
      .map((call) => call.text);
  }

  it("tells a user Slack does not know in the workspace that they cannot be identified, and logs no error", async () => {
    const { attachmentRequestId } = await seed();
    logs.clear();

    const answer = await h.commandAnswer("U0NOBODY00", "demandes");
    const clicked = await h.clickButton({
      userId: "U0NOBODY00",
      actionId: ActionIds.validateAttachmentRequest,
      value: attachmentRequestId,
      channelId: "CLIST00001",
      messageTs: "1700000000.000100",
    });
    // The click is acked first; its answer comes after.
    await h.slack.waitFor((calls) =>
      calls.some((call) => call.method === "chat.postEphemeral" && call.args.user === "U0NOBODY00"),
    );

    expect(answer).toBe(fr.errors.noEmailForSlackUser);
    expect(clicked).toBe(200);
    // This user's ephemerals only: a previous test's forged click may still be answered meanwhile.
    expect(ephemeralsTo("U0NOBODY00")).toEqual([fr.errors.noEmailForSlackUser]);
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(logs.errors()).toEqual([]);
  });

  it("refuses a Slack user showing a manager's e-mail that they never confirmed, from a command and from a click, and opens nothing", async () => {
    const { attachmentRequestId } = await seed();
    h.slack.addUser({ id: "U0UNCONF00", email: principal.email, emailConfirmed: false });
    const before = await snapshotDatabase(h.database);
    logs.clear();

    const answer = await h.commandAnswer("U0UNCONF00", "demandes");
    const clicked = await h.clickButton({
      userId: "U0UNCONF00",
      actionId: ActionIds.validateAttachmentRequest,
      value: attachmentRequestId,
      channelId: "CLIST00001",
      messageTs: "1700000000.000100",
    });
    await h.slack.waitFor((calls) =>
      calls.some((call) => call.method === "chat.postEphemeral" && call.args.user === "U0UNCONF00"),
    );

    expect(answer).toBe(fr.errors.slackEmailNotConfirmed);
    expect(clicked).toBe(200);
    expect(ephemeralsTo("U0UNCONF00")).toEqual([fr.errors.slackEmailNotConfirmed]);
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it("answers 400 to signed interaction payloads that are not one, and logs no error", async () => {
    await seed();
    const before = await snapshotDatabase(h.database);
    logs.clear();
    const payloads = [
      "null",
      "[]",
      "42",
      '"bonjour"',
      "{}",
      '{"type": 42}',
      `{"type": "view_submission", "user": {"id": "${principal.slackId}"}}`,
      `{"type": "view_closed", "user": {"id": "${principal.slackId}"}}`,
      `{"type": "view_submission", "user": {"id": "${principal.slackId}"}, "view": null}`,
      `{"type": "block_actions", "user": {"id": "${principal.slackId}"}}`,
      "{not json",
    ];

    const answers = [];
    for (const payload of payloads) {
      const answer = await sendSlackRequest({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        body: new URLSearchParams({ payload }).toString(),
        contentType: "application/x-www-form-urlencoded",
      });
      answers.push({ payload, status: answer.status });
    }

    expect(answers).toEqual(payloads.map((payload) => ({ payload, status: 400 })));
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it(`answers every one of the ${SUBMISSION_FIGURES.suggestions} bad options requests of the services selectors with a list, never an unhandled error`, async () => {
    const seeded = await seed();
    logs.clear();

    const wrong: unknown[] = [];
    for (const suggestion of badSuggestions(seeded)) {
      const errorsBefore = logs.errors().length;
      const body = JSON.stringify({
        type: "block_suggestion",
        user: { id: principal.slackId, team_id: DEFAULT_TEAM_ID },
        team: { id: DEFAULT_TEAM_ID, domain: "fake-workspace" },
        api_app_id: "A0000TEST",
        action_id: suggestion.actionId,
        block_id: BlockIds.services,
        value: suggestion.query,
        view: { id: "V0000000OPT", type: "modal", private_metadata: suggestion.metadata, callback_id: "" },
      });
      const answer = await sendSlackRequest({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        body: new URLSearchParams({ payload: body }).toString(),
        contentType: "application/x-www-form-urlencoded",
      });
      const logged = logs.errors().slice(errorsBefore);
      const options = (answer.json as { options?: unknown } | undefined)?.options;
      if (answer.status !== 200 || !Array.isArray(options) || logged.length > 0) {
        wrong.push({
          case: `${suggestion.actionId}: ${suggestion.label}`,
          got: {
            status: answer.status,
            text: answer.text.slice(0, 200),
            logged: logged.map((line) => line.err ?? line.msg),
          },
        });
      }
    }

    expect(wrong).toEqual([]);
  });
});
