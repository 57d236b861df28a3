import type { types } from "@slack/bolt";
import { isoDay } from "../../../domain/start-date.ts";
import type { Messages } from "../../../i18n/index.ts";
import type { NamedAbsence } from "../../../services/absences/manager-absences.ts";
import { inputIds, type StateValues } from "../../blocks/kit.ts";
import { modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, CallbackIds } from "../../ids.ts";

const block = (actionId: string) => inputIds(actionId).block;

/** The use case's field names → the modal's block ids. */
export const absenceFieldBlocks: Record<string, string> = {
  startsOn: block(ActionIds.absenceStartsOn),
  endsOn: block(ActionIds.absenceEndsOn),
  delegate: block(ActionIds.absenceDelegate),
};

export interface AbsenceForm {
  /** The absence under way or to come, whose values the form starts from. */
  current: NamedAbsence | null;
  /** Its delegate's Slack user, when Slack knows them. */
  currentDelegateSlackId: string | null;
  /** Today in Paris: the first day's default. */
  today: Date;
}

function dayInput(label: string, actionId: string, day: Date | null): types.InputBlock {
  return {
    type: "input",
    block_id: block(actionId),
    label: plainText(label),
    element: { type: "datepicker", action_id: actionId, ...(day ? { initial_date: isoDay(day) } : {}) },
  };
}

/** « Mon absence »: first and last days, and an optional delegate picked among the workspace's people. */
export function absenceModal(messages: Messages, form: AbsenceForm): types.ModalView {
  const labels = messages.absence;
  const { current } = form;
  return {
    type: "modal",
    callback_id: CallbackIds.absenceModal,
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.cancel),
    blocks: [
      { type: "section", text: mrkdwn(labels.intro) },
      dayInput(labels.startsOn, ActionIds.absenceStartsOn, current?.startsOn ?? form.today),
      dayInput(labels.endsOn, ActionIds.absenceEndsOn, current?.endsOn ?? null),
      {
        type: "input",
        block_id: block(ActionIds.absenceDelegate),
        optional: true,
        label: plainText(labels.delegate),
        hint: plainText(labels.delegateHint),
        element: {
          type: "users_select",
          action_id: ActionIds.absenceDelegate,
          ...(form.currentDelegateSlackId ? { initial_user: form.currentDelegateSlackId } : {}),
        },
      },
    ],
  };
}

/** What the form holds: the days as the datepickers send them, and the Slack user picked as delegate. */
export function readAbsenceForm(values: StateValues): {
  startsOn: string | null;
  endsOn: string | null;
  delegateSlackId: string | null;
} {
  const picked = (actionId: string) => values[block(actionId)]?.[actionId];
  return {
    startsOn: picked(ActionIds.absenceStartsOn)?.selected_date ?? null,
    endsOn: picked(ActionIds.absenceEndsOn)?.selected_date ?? null,
    delegateSlackId: picked(ActionIds.absenceDelegate)?.selected_user ?? null,
  };
}
