import type { types } from "@slack/bolt";
import {
  AGE_GROUPS,
  type AgeGroup,
  ageGroupOf,
  ageInDays,
  type PendingRequest,
} from "../../domain/pending-requests.ts";
import { REQUEST_TYPES } from "../../domain/requests.ts";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { ActionIds } from "../ids.ts";
import { type AbsenceNote, absenceNotesBlocks } from "./absence-notes.ts";
import { LIMITS } from "./limits.ts";
import { countByType, pendingCountSection, requestListSection, structureTitle } from "./pending-lines.ts";
import { clip, escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

/** Requests listed per age group before "… et N autres": enough to act on, short enough to read. */
export const DIGEST_LINES_PER_GROUP = 10;

export interface DigestInput {
  structure: { id: string; identifier: string; designation: string };
  /** The structure's pending requests, oldest first. */
  requests: PendingRequest[];
  now: Date;
  escalationDays: number;
  /** Flux rejects received since the structure's previous digest. */
  newFluxRejects?: number;
  /** Its managers away today. */
  absences?: readonly AbsenceNote[];
}

function groupHeading(messages: Messages, group: AgeGroup, escalationDays: number, count: number): string {
  const labels = messages.digest.groups;
  const label =
    group === "today"
      ? labels.today
      : group === "waiting"
        ? labels.waiting(1, escalationDays - 1)
        : labels.overdue(escalationDays);
  return `*${label}* (${count})`;
}

/** "3 nouveaux rejets de flux", with the button opening that structure's reject files. */
function newFluxRejectsSection(
  messages: Messages,
  structure: DigestInput["structure"],
  count: number,
): types.KnownBlock {
  return {
    type: "section",
    text: mrkdwn(messages.fluxRejects.digest.newRejects(count)),
    accessory: {
      type: "button",
      action_id: ActionIds.openFluxRejects,
      text: plainText(messages.fluxRejects.digest.open),
      value: structure.identifier,
    },
  };
}

/**
 * The morning digest of one structure: counts per request type (with the list buttons), then the
 * requests grouped by age, the most urgent group first, each linking to its message, then the new flux
 * rejects if any; who is away under the title. At most 9 blocks.
 */
export function dailyDigestMessage(
  messages: Messages,
  input: DigestInput,
): { text: string; blocks: types.KnownBlock[] } {
  const { structure, requests, now } = input;
  const newFluxRejects = input.newFluxRejects ?? 0;
  const counts = countByType(requests);
  // A digest may carry only new flux rejects: it then says nothing of requests.
  const summary =
    requests.length > 0 ? `\n${messages.digest.summary(formatDate(messages, now), requests.length)}` : "";
  const blocks: types.KnownBlock[] = [
    {
      type: "header",
      text: plainText(
        requests.length > 0 ? messages.digest.title : messages.fluxRejects.digest.title,
        LIMITS.headerText,
      ),
    },
    { type: "section", text: mrkdwn(`${structureTitle(structure)}${summary}`) },
    ...absenceNotesBlocks(messages, input.absences ?? []),
  ];
  for (const type of REQUEST_TYPES) {
    if (counts[type].count === 0) continue;
    blocks.push(
      pendingCountSection(messages, { structureId: structure.id, type, pending: counts[type], now }),
    );
  }
  const grouped = new Map<AgeGroup, PendingRequest[]>(AGE_GROUPS.map((group) => [group, []]));
  for (const request of requests) {
    grouped.get(ageGroupOf(ageInDays(request.createdAt, now), input.escalationDays))?.push(request);
  }
  for (const group of AGE_GROUPS) {
    const members = grouped.get(group) ?? [];
    if (members.length === 0) continue;
    blocks.push(
      requestListSection(messages, {
        heading: groupHeading(messages, group, input.escalationDays, members.length),
        requests: members,
        maxLines: DIGEST_LINES_PER_GROUP,
        now,
      }),
    );
  }
  if (newFluxRejects > 0) blocks.push(newFluxRejectsSection(messages, structure, newFluxRejects));
  const designation = escapeMrkdwn(clip(structure.designation, 200));
  const text =
    requests.length > 0
      ? messages.digest.notification(designation, requests.length)
      : messages.fluxRejects.digest.notification(designation, newFluxRejects);
  return { text, blocks };
}
