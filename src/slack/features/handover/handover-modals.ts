import type { types } from "@slack/bolt";
import { z } from "zod";
import type { Messages } from "../../../i18n/index.ts";
import {
  type DeactivationChoices,
  MAX_STRUCTURES_AT_ONCE,
  SUCCESSOR_FOR_ALL_FIELD,
} from "../../../services/accounts/deactivate-account.ts";
import {
  CANDIDATE_LIMIT,
  type DesignatedSuccessor,
  type HandoverChoice,
  successorField,
} from "../../../services/accounts/transfer-principal.ts";
import type { StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

/** What both handover modals carry in `private_metadata`: the structures they hand over, in order. */
const handoverMetadataCodec = metadataCodec(z.object({ structureIds: z.array(z.string()) }));
export type HandoverModalMetadata = NonNullable<ReturnType<typeof handoverMetadataCodec.decode>>;
const encodeHandoverMetadata = handoverMetadataCodec.encode;
export const decodeHandoverMetadata = handoverMetadataCodec.decode;

/** An e-mail address is at most 254 characters. */
const MAX_EMAIL_LENGTH = 254;

/**
 * The designation of one structure's successor: the login e-mail typed in (the guide's "identifiant
 * de connexion"), or a pick among the structure's eligible users ("Rechercher un utilisateur") while
 * they fit a static select; beyond, typing is the way.
 */
function successorBlocks(
  messages: Messages,
  choice: HandoverChoice,
  index: number,
  withStructureLine: boolean,
): types.KnownBlock[] {
  const labels = messages.handover;
  const { structure, candidates } = choice;
  const blocks: types.KnownBlock[] = [];
  if (withStructureLine) {
    blocks.push({
      type: "section",
      text: mrkdwn(
        labels.structureLine(
          escapeMrkdwn(clip(structure.designation, LIMITS.fieldText)),
          escapeMrkdwn(structure.identifier),
        ),
      ),
    });
  }
  blocks.push({
    type: "input",
    block_id: `${BlockIds.handoverSuccessorEmailPrefix}${index}`,
    optional: true,
    label: plainText(labels.loginEmail, LIMITS.inputLabel),
    hint: plainText(labels.loginEmailHint, LIMITS.inputLabel),
    element: {
      type: "plain_text_input",
      action_id: ActionIds.handoverSuccessorEmail,
      max_length: MAX_EMAIL_LENGTH,
    },
  });
  if (candidates.length === 0) {
    blocks.push({ type: "context", elements: [mrkdwn(labels.noCandidate)] });
  } else if (candidates.length > CANDIDATE_LIMIT) {
    blocks.push({ type: "context", elements: [mrkdwn(labels.tooManyCandidates(CANDIDATE_LIMIT))] });
  } else {
    blocks.push({
      type: "input",
      block_id: `${BlockIds.handoverSuccessorPickPrefix}${index}`,
      optional: true,
      label: plainText(labels.candidate, LIMITS.inputLabel),
      element: {
        type: "static_select",
        action_id: ActionIds.handoverSuccessorPick,
        placeholder: plainText(labels.candidatePlaceholder, LIMITS.placeholder),
        options: candidates.map((candidate) => ({
          text: plainText(labels.candidateOption(candidate.name, candidate.loginEmail)),
          value: candidate.id,
        })),
      },
    });
  }
  return blocks;
}

function handoverModal(
  messages: Messages,
  shape: {
    callbackId: string;
    title: string;
    submit: string;
    intro: types.KnownBlock[];
    /** False when the intro already names the one structure. */
    namesEachStructure: boolean;
  },
  choices: HandoverChoice[],
): types.ModalView {
  const metadata: HandoverModalMetadata = { structureIds: choices.map((choice) => choice.structure.id) };
  return {
    type: "modal",
    callback_id: shape.callbackId,
    private_metadata: encodeHandoverMetadata(metadata),
    title: modalText(shape.title),
    submit: modalText(shape.submit),
    close: modalText(messages.handover.close),
    blocks: [
      ...shape.intro,
      ...choices.flatMap((choice, index) =>
        successorBlocks(messages, choice, index, shape.namesEachStructure),
      ),
    ],
  };
}

/** `/chorus transferer`: designate the structure's new principal manager and stay a simple user. */
export function transferPrincipalModal(messages: Messages, choice: HandoverChoice): types.ModalView {
  const labels = messages.handover;
  const structure = `${choice.structure.designation} (${choice.structure.identifier})`;
  return handoverModal(
    messages,
    {
      callbackId: CallbackIds.transferPrincipalModal,
      title: labels.transferTitle,
      submit: labels.transferSubmit,
      intro: [
        {
          type: "section",
          text: mrkdwn(escapeMrkdwn(labels.transferIntro(clip(structure, LIMITS.fieldText)))),
        },
      ],
      namesEachStructure: false,
    },
    [choice],
  );
}

/** "Un seul nouveau gestionnaire principal pour toutes vos structures": a login e-mail. */
function successorForAllBlock(messages: Messages, required: boolean): types.KnownBlock {
  const labels = messages.handover;
  return {
    type: "input",
    block_id: BlockIds.handoverSuccessorForAll,
    optional: !required,
    label: plainText(labels.successorForAll, LIMITS.inputLabel),
    hint: plainText(labels.successorForAllHint, LIMITS.inputLabel),
    element: {
      type: "plain_text_input",
      action_id: ActionIds.handoverSuccessorForAll,
      max_length: MAX_EMAIL_LENGTH,
    },
  };
}

/**
 * "Désactiver mon compte", the guide's « Désigner un nouveau gestionnaire principal »: the 60-day
 * reactivation notice, then one successor for all the structures the caller is principal of, or one
 * per structure (up to 30 listed; beyond, the one for all), all in one form; none: a plain confirmation.
 */
export function deactivateAccountModal(messages: Messages, prepared: DeactivationChoices): types.ModalView {
  const labels = messages.handover;
  const { choices, total } = prepared;
  const intro: types.KnownBlock[] = [{ type: "section", text: mrkdwn(labels.deactivateIntro) }];
  if (total === 0) intro.push({ type: "section", text: mrkdwn(labels.principalNowhere) });
  else if (choices.length === 0) {
    intro.push(successorForAllBlock(messages, true), {
      type: "context",
      elements: [mrkdwn(labels.tooManyToList(total, MAX_STRUCTURES_AT_ONCE))],
    });
  } else {
    intro.push(
      { type: "section", text: mrkdwn(labels.successorsIntro(total)) },
      ...(total > 1 ? [successorForAllBlock(messages, false)] : []),
      { type: "divider" },
    );
  }
  return handoverModal(
    messages,
    {
      callbackId: CallbackIds.deactivateAccountModal,
      title: labels.deactivateTitle,
      submit: labels.deactivateSubmit,
      intro,
      namesEachStructure: true,
    },
    choices,
  );
}

/** The one successor for all typed in a "Désactiver mon compte" modal, or null. */
export function readSuccessorForAll(values: StateValues): string | null {
  return values[BlockIds.handoverSuccessorForAll]?.[ActionIds.handoverSuccessorForAll]?.value?.trim() || null;
}

/** What a handover modal turns into once submitted: the outcome, or why nothing was done. */
export function handoverOutcomeModal(messages: Messages, title: string, text: string): types.ModalView {
  return {
    type: "modal",
    title: modalText(title),
    close: modalText(messages.handover.outcomeClose),
    blocks: [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }],
  };
}

/** The successor designated for each structure of the modal, as typed or picked. */
export function readSuccessorDesignations(
  metadata: HandoverModalMetadata,
  values: StateValues,
): DesignatedSuccessor[] {
  return metadata.structureIds.map((structureId, index) => {
    const typed =
      values[`${BlockIds.handoverSuccessorEmailPrefix}${index}`]?.[ActionIds.handoverSuccessorEmail];
    const picked =
      values[`${BlockIds.handoverSuccessorPickPrefix}${index}`]?.[ActionIds.handoverSuccessorPick];
    return {
      structureId,
      designation: {
        loginEmail: typed?.value?.trim() || null,
        candidateId: picked?.selected_option?.value ?? null,
      },
    };
  });
}

/** Maps each structure's designation field to its e-mail input, for `response_action: "errors"`. */
export function handoverFieldBlocks(metadata: HandoverModalMetadata): Record<string, string> {
  return {
    [SUCCESSOR_FOR_ALL_FIELD]: BlockIds.handoverSuccessorForAll,
    ...Object.fromEntries(
      metadata.structureIds.map((structureId, index) => [
        successorField(structureId),
        `${BlockIds.handoverSuccessorEmailPrefix}${index}`,
      ]),
    ),
  };
}
