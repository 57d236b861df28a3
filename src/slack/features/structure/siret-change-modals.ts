import type { types } from "@slack/bolt";
import { z } from "zod";
import type { Messages } from "../../../i18n/index.ts";
import {
  IDENTIFIER_CHANGE_FIELDS,
  type IdentifierChangeTarget,
} from "../../../services/structures/change-structure-identifier.ts";
import { noticeView, type StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

/** The radio values of the no-mandate warning. */
const SUBSCRIBE_MANDATE = "subscribe";
const CONTINUE_WITHOUT_MANDATE = "continue_without";

/** A SIRET typed with spaces ("123 456 789 00012") still fits. */
const MAX_SIRET_INPUT = 30;

/** Both steps carry the structure id in `private_metadata`; everything else is read again. */
const structureMetadataCodec = metadataCodec(z.object({ structureId: z.string() }));

export function encodeStructureMetadata(structureId: string): string {
  return structureMetadataCodec.encode({ structureId });
}

export function decodeStructureMetadata(raw: string | undefined): string | null {
  return structureMetadataCodec.decode(raw)?.structureId ?? null;
}

function structureLine(messages: Messages, target: IdentifierChangeTarget): types.SectionBlock {
  return {
    type: "section",
    text: mrkdwn(
      messages.structureCard.confirmText(escapeMrkdwn(target.designation), escapeMrkdwn(target.identifier)),
    ),
  };
}

/** Step 1 ("une fenêtre vous invite à confirmer l'action"): what the change copies and what it does not. */
export function identifierChangeConfirmModal(
  messages: Messages,
  target: IdentifierChangeTarget,
): types.ModalView {
  const labels = messages.structureCard;
  return {
    type: "modal",
    callback_id: CallbackIds.identifierChangeConfirmModal,
    private_metadata: encodeStructureMetadata(target.id),
    title: modalText(labels.confirmTitle),
    submit: modalText(labels.continue),
    close: modalText(labels.cancel),
    blocks: [structureLine(messages, target), { type: "section", text: mrkdwn(labels.copiedText) }],
  };
}

/**
 * Step 2: the new SIRET ("Identifiant"), and when the structure has no billing mandate, the guide's
 * warning with its two ways on: "Souscrire à un mandat de facturation" (the new structure gets one)
 * or "Continuer sans mandat de facturation".
 */
export function identifierChangeModal(messages: Messages, target: IdentifierChangeTarget): types.ModalView {
  const labels = messages.structureCard;
  const blocks: types.KnownBlock[] = [
    structureLine(messages, target),
    {
      type: "input",
      block_id: BlockIds.newIdentifier,
      label: plainText(labels.newIdentifier),
      hint: plainText(labels.newIdentifierHint, LIMITS.inputLabel),
      element: {
        type: "plain_text_input",
        action_id: ActionIds.newIdentifierInput,
        max_length: MAX_SIRET_INPUT,
      },
    },
  ];
  if (!target.hasBillingMandate) {
    blocks.push(
      { type: "section", text: mrkdwn(labels.noMandateWarning) },
      {
        type: "input",
        block_id: BlockIds.billingMandateChoice,
        label: plainText(labels.mandateChoice),
        element: {
          type: "radio_buttons",
          action_id: ActionIds.billingMandateChoice,
          options: [
            {
              text: plainText(labels.subscribeMandate),
              value: SUBSCRIBE_MANDATE,
              description: plainText(labels.subscribeMandateHint),
            },
            { text: plainText(labels.continueWithoutMandate), value: CONTINUE_WITHOUT_MANDATE },
          ],
        },
      },
    );
  }
  return {
    type: "modal",
    callback_id: CallbackIds.identifierChangeModal,
    private_metadata: encodeStructureMetadata(target.id),
    title: modalText(labels.confirmTitle),
    submit: modalText(labels.continue),
    close: modalText(labels.cancel),
    blocks,
  };
}

/** Replaces a structure modal whose action cannot be done (no right, already changed) with the reason. */
export function structureNoticeModal(messages: Messages, text: string): types.ModalView {
  return noticeView(messages.structureCard, text);
}

/** The new SIRET as typed, and the answer to the no-mandate warning (null when it was not shown). */
export function readIdentifierChangeSubmission(values: StateValues): {
  newIdentifier: string;
  subscribeBillingMandate: boolean | null;
} {
  const choice =
    values[BlockIds.billingMandateChoice]?.[ActionIds.billingMandateChoice]?.selected_option?.value;
  return {
    newIdentifier: values[BlockIds.newIdentifier]?.[ActionIds.newIdentifierInput]?.value ?? "",
    subscribeBillingMandate:
      choice === SUBSCRIBE_MANDATE ? true : choice === CONTINUE_WITHOUT_MANDATE ? false : null,
  };
}

/** The use case's field names → the modal's block ids, for `response_action: "errors"`. */
export const identifierChangeFieldBlocks: Record<string, string> = {
  [IDENTIFIER_CHANGE_FIELDS.newIdentifier]: BlockIds.newIdentifier,
  [IDENTIFIER_CHANGE_FIELDS.billingMandate]: BlockIds.billingMandateChoice,
};
