import type { Space } from "../generated/prisma/enums.ts";
import { parisDay } from "./dates.ts";
import type { RequestType } from "./requests.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One pending request as digests and reminders list it. */
export interface PendingRequest {
  type: RequestType;
  id: string;
  structureId: string;
  createdAt: Date;
  requesterName: string;
  /** Spaces asked for (subscription requests); empty for attachment requests. */
  spaces: Space[];
  /** Link to the Slack message showing the request, when one was recorded. */
  permalink: string | null;
}

/** How many requests of one kind wait, and since when. */
export interface PendingCount {
  count: number;
  oldestAt: Date | null;
}

/** A structure a manager manages, with what waits there (the Home tab). */
export interface StructurePending {
  structureId: string;
  identifier: string;
  designation: string;
  pending: Record<RequestType, PendingCount>;
}

/** The day of the last `now` seen: a digest asks the age of thousands of requests at the same `now`. */
let today = { at: Number.NaN, day: 0 };

/** Age in Paris calendar days: a request of yesterday evening is 1 day old this morning. */
export function ageInDays(createdAt: Date, now: Date): number {
  if (today.at !== now.getTime()) today = { at: now.getTime(), day: parisDay(now).getTime() };
  return Math.max(0, Math.round((today.day - parisDay(createdAt).getTime()) / DAY_MS));
}

/** Digest groups, from the most urgent: at or past the escalation age, waiting, new today. */
export const AGE_GROUPS = ["overdue", "waiting", "today"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export function ageGroupOf(ageDays: number, escalationDays: number): AgeGroup {
  if (ageDays >= escalationDays) return "overdue";
  return ageDays === 0 ? "today" : "waiting";
}

/** The instant a Paris day (UTC-midnight Date) starts: midnight is at UTC+2 in summer, UTC+1 in winter. */
function parisMidnight(day: Date): Date {
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(day.getTime() - offsetHours * 60 * 60 * 1000);
    if (parisDay(candidate).getTime() === day.getTime()) return candidate;
  }
  throw new Error(`no Paris midnight for ${day.toISOString()}`);
}

/** Requests created before this instant are `escalationDays` Paris days old or more at `now`. */
export function overdueBefore(now: Date, escalationDays: number): Date {
  return parisMidnight(new Date(parisDay(now).getTime() - (escalationDays - 1) * DAY_MS));
}

/** "2026-11-30": the day part of job run keys. */
export function dayKey(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** Requests oldest first, the same instant ordered by id (a stable order for lists and digests). */
export function oldestFirst(a: PendingRequest, b: PendingRequest): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One copy of a request's Slack message: where it was posted, its link, when (epoch milliseconds). */
export interface MessageCopy {
  channelId: string;
  permalink: string;
  postedAt: number;
}

/**
 * The copy digests and reminders link a request to, of two: the one in the structure's channel (the
 * digest goes there), otherwise the first posted.
 */
export function preferredCopy(
  a: MessageCopy,
  b: MessageCopy,
  structureChannelId: string | null,
): MessageCopy {
  const aInChannel = a.channelId === structureChannelId;
  if (aInChannel !== (b.channelId === structureChannelId)) return aInChannel ? a : b;
  return b.postedAt < a.postedAt ? b : a;
}
