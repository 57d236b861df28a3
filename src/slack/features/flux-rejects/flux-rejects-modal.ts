import type { types } from "@slack/bolt";
import { formatDate, type Messages } from "../../../i18n/index.ts";
import type {
  FluxRejectFileList,
  FluxRejectFileSummary,
} from "../../../services/flux-rejects/list-flux-reject-files.ts";
import { checkboxGroups, readCheckboxGroups, type StateValues } from "../../blocks/kit.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

function fileOption(messages: Messages, file: FluxRejectFileSummary): types.Option {
  const labels = messages.fluxRejects.modal;
  return {
    text: plainText(labels.fileLine(formatDate(messages, file.day), file.structure.designation)),
    description: plainText(labels.fileDetail(file.structure.identifier, file.rejectCount)),
    value: file.id,
  };
}

/**
 * `/chorus rejets`: the available reject files of the manager's structures, newest first, in groups
 * of ten checkboxes; beyond the listed ones, how many older files the manager can reach by naming
 * the structure.
 */
export function fluxRejectsModal(messages: Messages, list: FluxRejectFileList): types.ModalView {
  const labels = messages.fluxRejects.modal;
  const blocks: types.KnownBlock[] = [
    { type: "section", text: mrkdwn(escapeMrkdwn(labels.intro)) },
    {
      type: "context",
      elements: [mrkdwn(list.total === 0 ? labels.empty : labels.count(list.files.length, list.total))],
    },
  ];
  blocks.push(
    ...checkboxGroups({
      blockIdPrefix: BlockIds.fluxRejectsSelectionPrefix,
      actionId: ActionIds.fluxRejectsSelection,
      label: labels.selection,
      hint: labels.selectionHint,
      options: list.files.map((file) => fileOption(messages, file)),
    }),
  );
  const rest = list.total - list.files.length;
  if (rest > 0) blocks.push({ type: "context", elements: [mrkdwn(labels.more(rest))] });
  return {
    type: "modal",
    callback_id: CallbackIds.fluxRejectsModal,
    title: modalText(labels.title),
    ...(list.files.length > 0 ? { submit: modalText(labels.submit) } : {}),
    close: modalText(labels.close),
    blocks,
  };
}

/** The ids of the ticked files, across the checkbox groups. */
export function readFluxRejectsSelection(values: StateValues): string[] {
  return readCheckboxGroups(values, BlockIds.fluxRejectsSelectionPrefix, ActionIds.fluxRejectsSelection);
}

/** Where "tick at least one file" shows: the first group. */
export const FLUX_REJECTS_FIELD_BLOCKS: Record<string, string> = {
  selection: `${BlockIds.fluxRejectsSelectionPrefix}0`,
};

/** Replaces the list once the chosen files are on their way. */
export function fluxRejectsSendingModal(messages: Messages, count: number): types.ModalView {
  const labels = messages.fluxRejects.modal;
  return {
    type: "modal",
    title: modalText(labels.title),
    close: modalText(labels.close),
    blocks: [{ type: "section", text: mrkdwn(labels.sending(count)) }],
  };
}
