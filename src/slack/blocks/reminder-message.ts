import type { types } from "@slack/bolt";
import type { PendingRequest } from "../../domain/pending-requests.ts";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { type AbsenceNote, absenceNotesBlocks } from "./absence-notes.ts";
import { LIMITS } from "./limits.ts";
import { countByType, pendingCountSection, requestListSection, structureTitle } from "./pending-lines.ts";
import { clip, escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

/** Overdue requests listed in a reminder before "… et N autres". */
export const REMINDER_LINES = 20;

export interface ReminderInput {
  structure: { id: string; identifier: string; designation: string };
  /** The overdue requests being reminded, oldest first. */
  requests: PendingRequest[];
  now: Date;
  escalationDays: number;
  /** Its managers away today. */
  absences?: readonly AbsenceNote[];
  /** The principal manager this reminder goes to a stand-in for, while away. */
  standingInFor?: { name: string; endsOn: Date } | null;
}

/**
 * The principal manager's reminder of a structure's requests waiting for `escalationDays` or more (or
 * their stand-in's, saying for whom).
 */
export function escalationReminderMessage(
  messages: Messages,
  input: ReminderInput,
): { text: string; blocks: types.KnownBlock[] } {
  const { structure, requests, now } = input;
  const counts = countByType(requests);
  const absent = input.standingInFor;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(messages.reminder.title, LIMITS.headerText) },
    ...(absent
      ? [
          {
            type: "context" as const,
            elements: [
              mrkdwn(
                messages.absence.standingIn(
                  escapeMrkdwn(clip(absent.name, 100)),
                  formatDate(messages, absent.endsOn),
                ),
              ),
            ],
          },
        ]
      : []),
    requestListSection(messages, {
      heading: messages.reminder.intro(structureTitle(structure), input.escalationDays, requests.length),
      requests,
      maxLines: REMINDER_LINES,
      now,
    }),
    ...absenceNotesBlocks(messages, input.absences ?? []),
  ];
  for (const type of REQUEST_TYPES) {
    if (counts[type].count === 0) continue;
    blocks.push(
      pendingCountSection(messages, { structureId: structure.id, type, pending: counts[type], now }),
    );
  }
  const text = messages.reminder.notification(
    escapeMrkdwn(clip(structure.designation, 200)),
    requests.length,
  );
  return { text, blocks };
}
