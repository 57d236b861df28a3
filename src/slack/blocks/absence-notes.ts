import type { types } from "@slack/bolt";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { clip, escapeMrkdwn, mrkdwn } from "./text.ts";

/** A manager away, as a message about their structure mentions them. */
export interface AbsenceNote {
  name: string;
  endsOn: Date;
  delegateName: string | null;
  /** Whether the delegate manages this structure (named only then: elsewhere they do not stand in). */
  delegateHere: boolean;
}

/** « Marie Dupont est absent jusqu'au … – délégué : … », one line each, in a context block; none when nobody is away. */
export function absenceNotesBlocks(messages: Messages, notes: readonly AbsenceNote[]): types.KnownBlock[] {
  if (notes.length === 0) return [];
  const lines = notes.map((note) =>
    messages.absence.note(
      escapeMrkdwn(clip(note.name, 100)),
      formatDate(messages, note.endsOn),
      note.delegateHere && note.delegateName ? escapeMrkdwn(clip(note.delegateName, 100)) : null,
    ),
  );
  return [{ type: "context", elements: [mrkdwn(lines.join("\n"))] }];
}
