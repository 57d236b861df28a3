import type { types } from "@slack/bolt";
import { z } from "zod";
import { Space } from "../../../generated/prisma/enums.ts";
import { type Messages, spacesLabel } from "../../../i18n/index.ts";
import {
  type EditableStructure,
  MAX_CONNECTION_INFO,
  MAX_DESIGNATION,
  type StructureEdit,
} from "../../../services/structures/edit-structure.ts";
import { inputIds, type StateValues, textInputBlock, typedValue } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

/** The structure a "Modifier la structure" modal edits. */
export const structureEditCodec = metadataCodec(
  z.object({ structureId: z.string(), identifier: z.string() }),
);

const MANDATE_VALUE = "mandate";

const block = (actionId: string) => inputIds(actionId).block;

/** The use case's field names → the modal's block ids, for `response_action: "errors"`. */
export const structureEditFieldBlocks: Record<string, string> = {
  designation: block(ActionIds.editStructureDesignation),
  pacageNumber: block(ActionIds.editStructurePacage),
  socialRegime: block(ActionIds.editStructureSocialRegime),
  vatNumber: block(ActionIds.editStructureVat),
  connectionInfo: block(ActionIds.editStructureConnection),
};

/** Checkboxes of spaces (Slack allows 10: there are 9), `chosen` ticked. */
export function spacesInputBlock(
  messages: Messages,
  ids: { block: string; action: string },
  field: { label: string; hint: string; offered: readonly Space[]; chosen: readonly Space[] },
): types.InputBlock {
  const options = field.offered.map((space) => ({
    text: plainText(spacesLabel(messages, [space])),
    value: space,
  }));
  const chosen = options.filter((option) => field.chosen.includes(option.value));
  return {
    type: "input",
    block_id: ids.block,
    optional: true,
    label: plainText(field.label, LIMITS.inputLabel),
    hint: plainText(field.hint, LIMITS.inputLabel),
    element: {
      type: "checkboxes",
      action_id: ids.action,
      options,
      ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    },
  };
}

/** The spaces ticked in a {@link spacesInputBlock}. */
export function tickedSpaces(values: StateValues, ids: { block: string; action: string }): Space[] {
  return (values[ids.block]?.[ids.action]?.selected_options ?? [])
    .map((option) => String(option.value))
    .filter((value): value is Space => value in Space);
}

/**
 * "Modifier la structure" (its principal manager): designation, spaces used, billing mandate, PACAGE,
 * social regime, VAT number and connection information, as they are now. Without a billing mandate,
 * the guide's warning comes first, at every modification.
 */
export function structureEditModal(messages: Messages, structure: EditableStructure): types.ModalView {
  const labels = messages.structureEdit;
  const mandateOption = { text: plainText(labels.billingMandateOption), value: MANDATE_VALUE };
  const blocks: types.KnownBlock[] = [];
  if (!structure.hasBillingMandate)
    blocks.push({ type: "context", elements: [mrkdwn(labels.mandateWarning)] });
  blocks.push(
    textInputBlock(labels.designation, inputIds(ActionIds.editStructureDesignation), {
      initial: structure.designation,
      maxLength: MAX_DESIGNATION,
    }),
    spacesInputBlock(messages, inputIds(ActionIds.editStructureSpaces), {
      label: labels.spaces,
      hint: labels.spacesHint,
      offered: Object.values(Space),
      chosen: structure.spaces,
    }),
    {
      type: "input",
      block_id: block(ActionIds.editStructureMandate),
      optional: true,
      label: plainText(labels.billingMandate, LIMITS.inputLabel),
      element: {
        type: "checkboxes",
        action_id: ActionIds.editStructureMandate,
        options: [mandateOption],
        ...(structure.hasBillingMandate ? { initial_options: [mandateOption] } : {}),
      },
    },
    textInputBlock(labels.pacage, inputIds(ActionIds.editStructurePacage), {
      optional: true,
      initial: structure.pacageNumber,
      maxLength: 9,
    }),
    textInputBlock(labels.socialRegime, inputIds(ActionIds.editStructureSocialRegime), {
      optional: true,
      initial: structure.socialRegime,
      maxLength: 100,
    }),
    textInputBlock(labels.vatNumber, inputIds(ActionIds.editStructureVat), {
      optional: true,
      initial: structure.vatNumber,
      maxLength: 20,
    }),
    textInputBlock(labels.connectionInfo, inputIds(ActionIds.editStructureConnection), {
      optional: true,
      initial: structure.connectionInfo,
      maxLength: MAX_CONNECTION_INFO,
      multiline: true,
    }),
  );
  return {
    type: "modal",
    callback_id: CallbackIds.editStructureModal,
    private_metadata: structureEditCodec.encode({
      structureId: structure.id,
      identifier: structure.identifier,
    }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks,
  };
}

/** The fields as submitted. */
export function readStructureEdit(values: StateValues): StructureEdit {
  const text = (action: string) => typedValue(values, action);
  const ticked = (action: string) =>
    (values[block(action)]?.[action]?.selected_options ?? []).map((option) => String(option.value));
  return {
    designation: text(ActionIds.editStructureDesignation) ?? "",
    spaces: tickedSpaces(values, {
      block: block(ActionIds.editStructureSpaces),
      action: ActionIds.editStructureSpaces,
    }),
    hasBillingMandate: ticked(ActionIds.editStructureMandate).includes(MANDATE_VALUE),
    pacageNumber: text(ActionIds.editStructurePacage),
    socialRegime: text(ActionIds.editStructureSocialRegime),
    vatNumber: text(ActionIds.editStructureVat),
    connectionInfo: text(ActionIds.editStructureConnection),
  };
}
