import type { types } from "@slack/bolt";
import { z } from "zod";
import type { HistoryAction } from "../../../generated/prisma/enums.ts";
import { formatDateTime, type Messages } from "../../../i18n/index.ts";
import {
  HISTORY_PAGE_SIZE,
  type HistoryEntryDetail,
  type HistoryLine,
  type HistoryPage,
  type HistoryState,
  isHistoryAction,
  isIsoDay,
} from "../../../services/history/list-history.ts";
import { isUuid } from "../../../services/requests/request-details.ts";
import { noticeView, pageButtons } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { requestMessage } from "../../blocks/request-message.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, personLabel, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";

/** The modal's state in `private_metadata`: its structure, filters and page (a bad filter is none). */
const historyStateCodec = metadataCodec(
  z.object({
    structureId: z.string().refine(isUuid),
    action: z.custom<HistoryAction>(isHistoryAction).nullable().catch(null),
    from: z.custom<string>(isIsoDay).nullable().catch(null),
    to: z.custom<string>(isIsoDay).nullable().catch(null),
    page: pageNumber,
  }) satisfies z.ZodType<HistoryState>,
);

export const encodeHistoryState = historyStateCodec.encode;
/** The modal's state from `private_metadata`; null when it names no structure. */
export const decodeHistoryState = historyStateCodec.decode;

function actionSelect(messages: Messages, state: HistoryState): types.StaticSelect {
  const labels: Record<HistoryAction, string> = messages.history.actions;
  const all = { text: plainText(messages.history.allActions), value: "all" };
  const options = [
    all,
    ...Object.entries(labels).map(([action, label]) => ({ text: plainText(label), value: action })),
  ];
  return {
    type: "static_select",
    action_id: ActionIds.historyActionFilter,
    placeholder: plainText(messages.history.actionFilter),
    options,
    initial_option: options.find((option) => option.value === state.action) ?? all,
  };
}

function datepicker(actionId: string, placeholder: string, day: string | null): types.Datepicker {
  return {
    type: "datepicker",
    action_id: actionId,
    placeholder: plainText(placeholder),
    ...(day ? { initial_date: day } : {}),
  };
}

/** "28/11/2026 à 17:45 — @Paule — *Validation du rattachement* — René Demandeur", then the comment. */
function lineText(messages: Messages, line: HistoryLine): string {
  const labels = messages.history;
  const text = labels.line(
    `*${formatDateTime(messages, line.createdAt)}*`,
    line.actor ? personLabel(line.actor) : labels.system,
    `*${labels.actions[line.action]}*`,
    line.target ? escapeMrkdwn(line.target.name) : labels.noTarget,
  );
  return line.comment ? `${text}\n_${escapeMrkdwn(clip(line.comment, 300))}_` : text;
}

/**
 * `/chorus historique`: a structure's history, newest first, one page at a time, filtered by kind
 * of action and period; "Détail" on each line, "Exporter (CSV)" as the modal's button. `notice`
 * tells why the last change of filters was not applied.
 */
export function historyModal(
  messages: Messages,
  page: HistoryPage,
  notice: string | null = null,
): types.ModalView {
  const labels = messages.history;
  const { state } = page;
  const pages = Math.max(1, Math.ceil(page.total / HISTORY_PAGE_SIZE));
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: mrkdwn(
        `*${escapeMrkdwn(clip(`${page.structure.designation} (${page.structure.identifier})`, 2900))}*`,
      ),
    },
    {
      type: "actions",
      block_id: BlockIds.historyFilters,
      elements: [
        actionSelect(messages, state),
        datepicker(ActionIds.historyFromFilter, labels.from, state.from),
        datepicker(ActionIds.historyToFilter, labels.to, state.to),
      ],
    },
  ];
  if (notice) blocks.push({ type: "context", elements: [mrkdwn(`:warning: ${escapeMrkdwn(notice)}`)] });
  blocks.push({
    type: "context",
    elements: [mrkdwn(page.total === 0 ? labels.empty : labels.count(page.total, state.page + 1, pages))],
  });
  for (const line of page.lines) {
    blocks.push({
      type: "section",
      text: mrkdwn(lineText(messages, line)),
      accessory: {
        type: "button",
        action_id: ActionIds.historyDetail,
        text: plainText(labels.detailButton),
        value: line.id,
      },
    });
  }
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.historyPages,
      actionIds: { previous: ActionIds.historyPreviousPage, next: ActionIds.historyNextPage },
      labels,
      page: state.page,
      pages,
    }),
  );
  return {
    type: "modal",
    callback_id: CallbackIds.historyModal,
    private_metadata: encodeHistoryState(state),
    title: modalText(labels.title),
    ...(page.total > 0 ? { submit: modalText(labels.exportButton) } : {}),
    close: modalText(labels.close),
    blocks,
  };
}

/** A value of an entry's details in words: roles, spaces and access levels translated, ids named. */
function detailValue(messages: Messages, names: Record<string, string>, value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? messages.history.yes : messages.history.no;
  if (Array.isArray(value)) {
    return value.length === 0 ? "—" : value.map((item) => detailValue(messages, names, item)).join(", ");
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .map(
        ([key, item]) =>
          `${detailLabel(messages, key)}${messages.colon}${detailValue(messages, names, item)}`,
      )
      .join(" · ");
  }
  const text = String(value);
  const known: Record<string, string> = { ...messages.roles, ...messages.spaces, ...messages.accessLevels };
  return names[text] ?? known[text] ?? text;
}

function detailLabel(messages: Messages, key: string): string {
  return messages.history.detailKeys[key] ?? key;
}

/** "*Rôle* : Utilisateur simple" lines for what changed, from the entry's details. */
function changeLines(messages: Messages, detail: HistoryEntryDetail): string {
  const { details, names } = detail;
  if (details === null || details === undefined) return `_${messages.history.noChanges}_`;
  if (typeof details !== "object" || Array.isArray(details)) {
    return escapeMrkdwn(detailValue(messages, names, details));
  }
  const lines = Object.entries(details).map(
    ([key, value]) =>
      `*${escapeMrkdwn(detailLabel(messages, key))}*${messages.colon}${escapeMrkdwn(detailValue(messages, names, value))}`,
  );
  return lines.length > 0 ? lines.join("\n") : `_${messages.history.noChanges}_`;
}

/** "Détail": who did what to whom and when, what changed, and the request it decided. */
export function historyDetailModal(messages: Messages, detail: HistoryEntryDetail): types.ModalView {
  const labels = messages.history;
  const { line } = detail;
  const target = line.target ? `${line.target.name} (${line.target.loginEmail})` : labels.noTarget;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(labels.actions[line.action], LIMITS.headerText) },
    {
      type: "section",
      fields: [
        mrkdwn(`*${labels.date}*\n${formatDateTime(messages, line.createdAt)}`, LIMITS.fieldText),
        mrkdwn(
          `*${labels.actor}*\n${line.actor ? personLabel(line.actor) : labels.system}`,
          LIMITS.fieldText,
        ),
        mrkdwn(`*${labels.target}*\n${escapeMrkdwn(clip(target, 1900))}`, LIMITS.fieldText),
      ],
    },
  ];
  if (line.comment) {
    blocks.push({
      type: "section",
      text: mrkdwn(`*${labels.comment}*\n${escapeMrkdwn(clip(line.comment, 2900))}`),
    });
  }
  blocks.push({ type: "section", text: mrkdwn(`*${labels.changes}*\n${changeLines(messages, detail)}`) });
  if (detail.request) {
    // The request as its message shows it, without the decision buttons: the history only reads.
    const requestBlocks = requestMessage(messages, detail.request).blocks.filter(
      (block) => block.type !== "actions",
    );
    blocks.push(
      { type: "divider" },
      { type: "section", text: mrkdwn(`*${labels.request}*`) },
      ...requestBlocks,
    );
  }
  return {
    type: "modal",
    callback_id: CallbackIds.historyDetailModal,
    title: modalText(labels.detailTitle),
    close: modalText(labels.close),
    blocks,
  };
}

/**
 * A short notice titled "Historique": the export on its way by DM (pushed over the list, so closing it
 * goes back there), or why an action on the history did nothing.
 */
export function historyNoticeModal(messages: Messages, text: string): types.ModalView {
  return noticeView(messages.history, text);
}
