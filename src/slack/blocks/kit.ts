import type { types, ViewStateValue } from "@slack/bolt";
import { LIMITS } from "./limits.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "./text.ts";

/** What a modal's inputs hold when it is submitted, by block id then action id. */
export type StateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;

/** A modal that only says one thing (an outcome, a refusal), under its feature's title and close button. */
export function noticeView(labels: { title: string; close: string }, text: string): types.ModalView {
  return {
    type: "modal",
    title: modalText(labels.title),
    close: modalText(labels.close),
    blocks: [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }],
  };
}

/**
 * "Précédent" and "Suivant" under a paged list, each only where it leads somewhere: no block at all
 * on a single page.
 */
export function pageButtons(input: {
  blockId: string;
  actionIds: { previous: string; next: string };
  labels: { previous: string; next: string };
  /** From 0. */
  page: number;
  pages: number;
}): types.ActionsBlock[] {
  const { actionIds, labels } = input;
  const buttons: types.Button[] = [];
  if (input.page > 0)
    buttons.push({
      type: "button",
      action_id: actionIds.previous,
      text: plainText(labels.previous),
      value: "previous",
    });
  if (input.page + 1 < input.pages)
    buttons.push({ type: "button", action_id: actionIds.next, text: plainText(labels.next), value: "next" });
  return buttons.length > 0 ? [{ type: "actions", block_id: input.blockId, elements: buttons }] : [];
}

/**
 * Ticks over a list longer than Block Kit allows in one checkbox group: groups of ten, block ids
 * `<blockIdPrefix><n>`, all optional (a tick in any group will do, checked on submission), the hint
 * on the first. Read back with {@link readCheckboxGroups}.
 */
export function checkboxGroups(input: {
  blockIdPrefix: string;
  actionId: string;
  label: string;
  hint: string;
  options: types.Option[];
}): types.InputBlock[] {
  const groups: types.InputBlock[] = [];
  for (let start = 0; start < input.options.length; start += LIMITS.checkboxOptions) {
    groups.push({
      type: "input",
      block_id: `${input.blockIdPrefix}${start / LIMITS.checkboxOptions}`,
      optional: true,
      label: plainText(input.label),
      ...(start === 0 ? { hint: plainText(input.hint, LIMITS.inputLabel) } : {}),
      element: {
        type: "checkboxes",
        action_id: input.actionId,
        options: input.options.slice(start, start + LIMITS.checkboxOptions),
      },
    });
  }
  return groups;
}

/** The values ticked across the groups {@link checkboxGroups} made. */
export function readCheckboxGroups(values: StateValues, blockIdPrefix: string, actionId: string): string[] {
  return Object.entries(values)
    .filter(([blockId]) => blockId.startsWith(blockIdPrefix))
    .flatMap(([, actions]) => actions?.[actionId]?.selected_options ?? [])
    .flatMap((option) => (option.value ? [option.value] : []));
}

/** The "are you sure?" dialog of a button that cannot be undone. */
export function dangerConfirmation(texts: {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}): types.ConfirmationDialog {
  return {
    title: plainText(texts.title, LIMITS.confirmTitle),
    text: plainText(texts.text, LIMITS.confirmText),
    confirm: plainText(texts.confirm, LIMITS.confirmButton),
    deny: plainText(texts.deny, LIMITS.confirmButton),
    style: "danger",
  };
}

/** What a text input may start from and hold. */
export interface TextInputOptions {
  optional?: boolean;
  initial?: string | null;
  hint?: string;
  maxLength?: number;
  multiline?: boolean;
}

/**
 * An input named after its action: block id `<action>_block`, so a use case's field errors map to
 * blocks and the submitted values are read back by the action alone ({@link typedValue}).
 */
export function inputIds(action: string): { block: string; action: string } {
  return { block: `${action}_block`, action };
}

/** What was typed in the text input of {@link inputIds}`(action)`; null when nothing was. */
export function typedValue(values: StateValues, action: string): string | null {
  return values[inputIds(action).block]?.[action]?.value ?? null;
}

/** A labelled text input; `initial` is clipped to what it may hold (Slack's input holds 3,000). */
export function textInputBlock(
  label: string,
  ids: { block: string; action: string },
  options: TextInputOptions = {},
): types.InputBlock {
  const maxLength = options.maxLength ?? 3000;
  return {
    type: "input",
    block_id: ids.block,
    optional: options.optional ?? false,
    label: plainText(label, LIMITS.inputLabel),
    ...(options.hint ? { hint: plainText(options.hint, LIMITS.inputLabel) } : {}),
    element: {
      type: "plain_text_input",
      action_id: ids.action,
      max_length: maxLength,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.initial ? { initial_value: clip(options.initial, maxLength) } : {}),
    },
  };
}
