import type { types, ViewStateValue } from "@slack/bolt";
import { z } from "zod";
import { formatDateTime, type Messages } from "../../../i18n/index.ts";
import type { TechnicalStructure, TechnicalUser } from "../../../services/accounts/create-technical-user.ts";
import { noticeView } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

/** What the technical user's modals and reset buttons carry: the structure, and the user once known. */
export interface TechnicalUserTarget {
  structureId: string;
  userId?: string;
}

const technicalUserTargetCodec = metadataCodec(
  z.object({ structureId: z.string(), userId: z.string().optional().catch(undefined) }),
);
export const encodeTechnicalUserTarget = technicalUserTargetCodec.encode;
export const decodeTechnicalUserTarget = technicalUserTargetCodec.decode;

/** The use case's field names → the blocks that show their errors. */
export const technicalUserFieldBlocks: Record<string, string> = {
  loginEmail: BlockIds.technicalLogin,
  contactEmail: BlockIds.technicalContact,
};

function structureLabel(structure: TechnicalStructure): string {
  return `${structure.designation} (${structure.identifier})`;
}

/** "Créer un utilisateur technique": its login e-mail and, optionally, a contact e-mail. */
export function createTechnicalUserModal(messages: Messages, structure: TechnicalStructure): types.ModalView {
  const labels = messages.technicalUser.createModal;
  return {
    type: "modal",
    callback_id: CallbackIds.createTechnicalUserModal,
    private_metadata: encodeTechnicalUserTarget({ structureId: structure.id }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks: [
      { type: "header", text: plainText(labels.heading, LIMITS.headerText) },
      { type: "section", text: mrkdwn(escapeMrkdwn(labels.intro(structureLabel(structure)))) },
      {
        type: "input",
        block_id: BlockIds.technicalLogin,
        label: plainText(labels.login),
        hint: plainText(labels.loginHint, LIMITS.inputLabel),
        element: { type: "email_text_input", action_id: ActionIds.technicalLoginInput },
      },
      {
        type: "input",
        block_id: BlockIds.technicalContact,
        optional: true,
        label: plainText(labels.contact),
        element: { type: "email_text_input", action_id: ActionIds.technicalContactInput },
      },
    ],
  };
}

/** The e-mails typed in the creation modal (checked by the use case). */
export function readCreateTechnicalUserSubmission(
  values: Record<string, Record<string, ViewStateValue | undefined> | undefined>,
): { loginEmail: string; contactEmail: string | null } {
  return {
    loginEmail: values[BlockIds.technicalLogin]?.[ActionIds.technicalLoginInput]?.value?.trim() ?? "",
    contactEmail: values[BlockIds.technicalContact]?.[ActionIds.technicalContactInput]?.value?.trim() || null,
  };
}

/** The "Réinitialiser le mot de passe (utilisateur technique)" button; its value fits Slack's 2,000. */
export function resetTechnicalPasswordButton(
  messages: Messages,
  target: { structureId: string; userId: string },
): types.Button {
  return {
    type: "button",
    action_id: ActionIds.resetTechnicalPassword,
    text: plainText(messages.technicalUser.existingModal.reset),
    value: encodeTechnicalUserTarget(target),
  };
}

/** The structure's existing technical user, with its reset and export buttons. */
export function technicalUserModal(
  messages: Messages,
  structure: TechnicalStructure,
  technicalUser: TechnicalUser,
): types.ModalView {
  const labels = messages.technicalUser.existingModal;
  const fields = [
    `*${labels.login}*\n${escapeMrkdwn(technicalUser.loginEmail)}`,
    `*${labels.contact}*\n${escapeMrkdwn(technicalUser.contactEmail ?? labels.none)}`,
    `*${labels.createdAt}*\n${formatDateTime(messages, technicalUser.createdAt)}`,
  ];
  return {
    type: "modal",
    title: modalText(labels.title),
    close: modalText(labels.close),
    blocks: [
      { type: "section", text: mrkdwn(escapeMrkdwn(labels.intro(structureLabel(structure)))) },
      { type: "section", fields: fields.map((text) => mrkdwn(text, LIMITS.fieldText)) },
      {
        type: "actions",
        elements: [
          resetTechnicalPasswordButton(messages, { structureId: structure.id, userId: technicalUser.id }),
          {
            type: "button",
            action_id: ActionIds.exportTechnicalConnection,
            text: plainText(labels.export),
            value: encodeTechnicalUserTarget({ structureId: structure.id, userId: technicalUser.id }),
          },
        ],
      },
    ],
  };
}

/** The confirmation of a reset, warning that the API connection must then be updated. */
export function resetTechnicalPasswordModal(
  messages: Messages,
  structure: TechnicalStructure,
  technicalUser: TechnicalUser,
): types.ModalView {
  const labels = messages.technicalUser.resetModal;
  return {
    type: "modal",
    callback_id: CallbackIds.resetTechnicalPasswordModal,
    private_metadata: encodeTechnicalUserTarget({ structureId: structure.id, userId: technicalUser.id }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks: [
      { type: "section", text: mrkdwn(labels.confirm(escapeMrkdwn(technicalUser.loginEmail))) },
      { type: "section", text: mrkdwn(labels.warning) },
      { type: "context", elements: [mrkdwn(escapeMrkdwn(structureLabel(structure)))] },
    ],
  };
}

/** What became of a creation or a reset (or why nothing happened). */
export function technicalUserNoticeModal(messages: Messages, text: string): types.ModalView {
  return noticeView(messages.technicalUser.doneModal, text);
}
