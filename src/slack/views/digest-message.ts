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

/**
 * The morning digest of one structure: counts per request type (with the list buttons), then the
 * requests grouped by age, the most urgent group first, each linking to its message. At most 7 blocks.
 */
export function dailyDigestMessage(
  messages: Messages,
  input: DigestInput,
): { text: string; blocks: types.KnownBlock[] } {
  const { structure, requests, now } = input;
  const counts = countByType(requests);
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(messages.digest.title, 150) },
    {
      type: "section",
      text: mrkdwn(
        `${structureTitle(structure)}\n${messages.digest.summary(formatDate(messages, now), requests.length)}`,
      ),
    },
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
  const text = messages.digest.notification(escapeMrkdwn(clip(structure.designation, 200)), requests.length);
  return { text, blocks };
}
