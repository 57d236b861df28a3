import type { types } from "@slack/bolt";
import { z } from "zod";
import {
  isRequestType,
  MAX_DECISION_TEXT,
  REQUEST_TYPES,
  type RequestType,
} from "../../../domain/requests.ts";
import { Space } from "../../../generated/prisma/enums.ts";
import { formatDateTime, type Messages, spacesLabel } from "../../../i18n/index.ts";
import type { PendingListItem } from "../../../services/requests/list-manager-requests.ts";
import {
  PENDING_PAGE_SIZE,
  type PendingListInput,
  type PendingListState,
} from "../../../services/requests/load-pending-list.ts";
import { checkboxGroups, pageButtons, readCheckboxGroups, type StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { clip, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

function isSpace(value: string): value is Space {
  return value in Space;
}

/** A static select holds 100 options; one is "all my structures". */
const MAX_STRUCTURE_OPTIONS = LIMITS.selectOptions - 1;

/** The list's filters and page in `private_metadata`; a bad filter is none, a bad page the first. */
const listStateCodec = metadataCodec(
  z.object({
    structureId: z.string().nullable().catch(null),
    type: z.enum(REQUEST_TYPES).nullable().catch(null),
    page: pageNumber,
  }) satisfies z.ZodType<PendingListState>,
);

export const encodeListState = listStateCodec.encode;

export function decodeListState(raw: string | undefined): PendingListState {
  return listStateCodec.decode(raw) ?? { structureId: null, type: null, page: 0 };
}

function structureSelect(messages: Messages, input: PendingListInput): types.StaticSelect {
  const all = { text: plainText(messages.pendingList.allStructures), value: "all" };
  const options = [
    all,
    ...input.structures.slice(0, MAX_STRUCTURE_OPTIONS).map((structure) => ({
      text: plainText(`${structure.designation} (${structure.identifier})`),
      value: structure.id,
    })),
  ];
  return {
    type: "static_select",
    action_id: ActionIds.pendingStructureFilter,
    placeholder: plainText(messages.pendingList.structureFilter),
    options,
    initial_option: options.find((option) => option.value === input.state.structureId) ?? all,
  };
}

function kindSelect(messages: Messages, state: PendingListState): types.StaticSelect {
  const options = [
    { text: plainText(messages.pendingList.allKinds), value: "all" },
    { text: plainText(messages.requestKinds.attachment), value: "attachment" },
    { text: plainText(messages.requestKinds.subscription), value: "subscription" },
  ];
  return {
    type: "static_select",
    action_id: ActionIds.pendingKindFilter,
    placeholder: plainText(messages.pendingList.kindFilter),
    options,
    initial_option: options.find((option) => option.value === (state.type ?? "all")),
  };
}

/** What a request asks, in a few words: the services' codes or « Toute la structure »; the spaces. */
function askedLabel(messages: Messages, item: PendingListItem): string {
  if (item.type === "subscription") return spacesLabel(messages, item.asked.filter(isSpace));
  return item.asked.length === 0 ? messages.attachmentRequest.wholeStructure : item.asked.join(", ");
}

/** A request of the page: kind and structure, then who asked, when, and what (clipped to Slack's 75). */
function itemOption(messages: Messages, item: PendingListItem): types.PlainTextOption {
  return {
    text: plainText(
      messages.pendingList.itemLine(messages.requestKinds[item.type], item.structureDesignation),
    ),
    description: plainText(
      messages.pendingList.itemDetail(
        item.requesterName,
        formatDateTime(messages, item.createdAt),
        askedLabel(messages, item),
      ),
    ),
    value: `${item.type}:${item.id}`,
  };
}

/** "Ouvrir une demande…": one of the page's requests, opened on top of the list to decide it alone. */
function openRequestBlock(messages: Messages, items: readonly PendingListItem[]): types.KnownBlock[] {
  if (items.length === 0) return [];
  return [
    {
      type: "actions",
      block_id: BlockIds.pendingOpen,
      elements: [
        {
          type: "static_select",
          action_id: ActionIds.pendingOpenRequest,
          placeholder: plainText(messages.pendingList.open),
          options: items.map((item) => itemOption(messages, item)),
        },
      ],
    },
    { type: "context", elements: [mrkdwn(messages.pendingList.openHint)] },
  ];
}

/**
 * `/chorus demandes`: the manager's pending requests of both kinds, oldest first, filtered by
 * structure and kind, one page at a time, with a selection to validate or refuse in one go.
 */
export function pendingListModal(messages: Messages, input: PendingListInput): types.ModalView {
  const labels = messages.pendingList;
  const pages = Math.max(1, Math.ceil(input.total / PENDING_PAGE_SIZE));
  const blocks: types.KnownBlock[] = [
    {
      type: "actions",
      block_id: BlockIds.pendingFilters,
      elements: [structureSelect(messages, input), kindSelect(messages, input.state)],
    },
    {
      type: "context",
      elements: [
        mrkdwn(input.total === 0 ? labels.empty : labels.count(input.total, input.state.page + 1, pages)),
      ],
    },
  ];
  blocks.push(
    ...checkboxGroups({
      blockIdPrefix: BlockIds.pendingSelectionPrefix,
      actionId: ActionIds.pendingSelection,
      label: labels.selection,
      hint: labels.selectionHint,
      options: input.items.map((item) => itemOption(messages, item)),
    }),
  );
  blocks.push(...openRequestBlock(messages, input.items));
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.pendingPages,
      actionIds: { previous: ActionIds.pendingPreviousPage, next: ActionIds.pendingNextPage },
      labels,
      page: input.state.page,
      pages,
    }),
  );
  if (input.total > 0) blocks.push(...decisionBlocks(messages, input.total));
  return {
    type: "modal",
    callback_id: CallbackIds.pendingListModal,
    private_metadata: encodeListState(input.state),
    title: modalText(labels.title),
    ...(input.total > 0 ? { submit: modalText(labels.submit) } : {}),
    close: modalText(labels.close),
    blocks,
  };
}

function decisionBlocks(messages: Messages, total: number): types.KnownBlock[] {
  const labels = messages.pendingList;
  const validate = {
    text: plainText(labels.validateSelection),
    description: plainText(labels.validateSelectionHint),
    value: "VALIDATE",
  };
  const selectAll = { text: plainText(labels.selectAll(total)), value: "all" };
  return [
    { type: "divider" },
    {
      type: "input",
      block_id: BlockIds.pendingSelectAll,
      optional: true,
      label: plainText(labels.selection),
      element: { type: "checkboxes", action_id: ActionIds.pendingSelectAll, options: [selectAll] },
    },
    {
      type: "input",
      block_id: BlockIds.bulkAction,
      label: plainText(labels.action),
      element: {
        type: "radio_buttons",
        action_id: ActionIds.bulkAction,
        options: [validate, { text: plainText(labels.refuseSelection), value: "REFUSE" }],
        initial_option: validate,
      },
    },
    {
      type: "input",
      block_id: BlockIds.reason,
      optional: true,
      label: plainText(labels.reason),
      element: {
        type: "plain_text_input",
        action_id: ActionIds.reasonInput,
        multiline: true,
        max_length: MAX_DECISION_TEXT,
      },
    },
  ];
}

/** The manager's choice in the list: the ticked requests (or all filtered), the action, the reason. */
export interface PendingListSubmission {
  selected: { type: RequestType; id: string }[];
  selectAll: boolean;
  /** Null when none of the two the modal offers came back. */
  action: "VALIDATE" | "REFUSE" | null;
  reason: string | null;
}

export function readPendingListSubmission(values: StateValues): PendingListSubmission {
  const selected = readCheckboxGroups(
    values,
    BlockIds.pendingSelectionPrefix,
    ActionIds.pendingSelection,
  ).flatMap((value) => {
    const [type, id] = value.split(":");
    return isRequestType(type) && id ? [{ type, id }] : [];
  });
  const action = values[BlockIds.bulkAction]?.[ActionIds.bulkAction]?.selected_option?.value;
  return {
    selected,
    selectAll:
      (values[BlockIds.pendingSelectAll]?.[ActionIds.pendingSelectAll]?.selected_options?.length ?? 0) > 0,
    action: action === "VALIDATE" || action === "REFUSE" ? action : null,
    reason: values[BlockIds.reason]?.[ActionIds.reasonInput]?.value?.trim() || null,
  };
}

/** Replaces the list once the bulk decision has started. */
export function bulkStartedModal(messages: Messages, count: number): types.ModalView {
  return {
    type: "modal",
    title: modalText(messages.pendingList.title),
    close: modalText(messages.pendingList.close),
    blocks: [
      { type: "section", text: mrkdwn(clip(messages.pendingList.started(count), LIMITS.sectionText)) },
    ],
  };
}
