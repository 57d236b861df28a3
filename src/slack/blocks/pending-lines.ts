import type { types } from "@slack/bolt";
import { z } from "zod";
import { ageInDays, type PendingCount, type PendingRequest } from "../../domain/pending-requests.ts";
import { REQUEST_TYPES, type RequestType } from "../../domain/requests.ts";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { ActionIds } from "../ids.ts";
import { LIMITS } from "./limits.ts";
import { metadataCodec } from "./metadata.ts";
import { clip, escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

/** What "Voir les demandes" carries: the structure and the kind the list opens on (a bad one is none). */
export const pendingOpeningCodec = metadataCodec(
  z.object({
    structureId: z.string().nullable().catch(null),
    kind: z.enum(REQUEST_TYPES).nullable().catch(null),
  }),
);

/** Slack's limit on a section's text. */
/** Room kept for the "… et N autres" line. */
const MORE_LINE_ROOM = 60;

/** "*Mairie de Saint-Exemple* · 73282932000074", escaped. */
export function structureTitle(structure: { designation: string; identifier: string }): string {
  return `*${escapeMrkdwn(clip(structure.designation, 200))}* · ${escapeMrkdwn(clip(structure.identifier, 50))}`;
}

/**
 * "Demandes de rattachement : 3 — la plus ancienne du …", with the button opening the list when some
 * wait (as the accessory: action_ids must be unique within an actions block, so one section per type).
 */
export function pendingCountSection(
  messages: Messages,
  input: { structureId: string; type: RequestType; pending: PendingCount; now: Date },
): types.SectionBlock {
  const { pending } = input;
  let text = `*${messages.home.kinds[input.type]}*${messages.colon}${pending.count}`;
  if (pending.oldestAt) {
    const days = ageInDays(pending.oldestAt, input.now);
    text += ` — ${messages.home.oldest(formatDate(messages, pending.oldestAt), days)}`;
  }
  const section: types.SectionBlock = { type: "section", text: mrkdwn(text) };
  if (pending.count > 0) {
    section.accessory = {
      type: "button",
      action_id: ActionIds.openPendingRequests,
      text: plainText(messages.home.open),
      value: pendingOpeningCodec.encode({ structureId: input.structureId, kind: input.type }),
    };
  }
  return section;
}

/** "• <link|Demande de rattachement de René Demandeur> — reçue le 26/11/2026 (4 jours)". */
export function requestLine(messages: Messages, request: PendingRequest, now: Date): string {
  let label = messages.digest.requestBy(
    messages.requestKinds[request.type],
    clip(request.requesterName, 100),
  );
  if (request.spaces.length > 0) {
    label += ` (${clip(request.spaces.map((space) => messages.spaces[space]).join(", "), 300)})`;
  }
  const escaped = escapeMrkdwn(label);
  const shown = request.permalink ? `<${request.permalink}|${escaped}>` : escaped;
  const received = messages.digest.received(
    formatDate(messages, request.createdAt),
    ageInDays(request.createdAt, now),
  );
  return `• ${shown} — ${received}`;
}

/**
 * A heading and up to `maxLines` requests in one section, within Slack's 3,000 characters; what does
 * not fit is summarised ("… et 37 autres"). Lines are built only for the requests shown.
 */
export function requestListSection(
  messages: Messages,
  input: { heading: string; requests: PendingRequest[]; maxLines: number; now: Date },
): types.SectionBlock {
  const lines = [input.heading];
  let length = input.heading.length;
  for (const request of input.requests.slice(0, input.maxLines)) {
    const line = requestLine(messages, request, input.now);
    if (length + 1 + line.length > LIMITS.sectionText - MORE_LINE_ROOM) break;
    lines.push(line);
    length += 1 + line.length;
  }
  const rest = input.requests.length - (lines.length - 1);
  if (rest > 0) lines.push(messages.digest.more(rest));
  return { type: "section", text: mrkdwn(lines.join("\n")) };
}

/** Counts and oldest date per type, from a list of pending requests. */
export function countByType(requests: PendingRequest[]): Record<RequestType, PendingCount> {
  const counts: Record<RequestType, PendingCount> = {
    attachment: { count: 0, oldestAt: null },
    subscription: { count: 0, oldestAt: null },
  };
  for (const request of requests) {
    const count = counts[request.type];
    count.count += 1;
    if (!count.oldestAt || request.createdAt < count.oldestAt) count.oldestAt = request.createdAt;
  }
  return counts;
}
