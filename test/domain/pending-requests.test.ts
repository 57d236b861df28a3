import { describe, expect, it } from "vitest";
import {
  ageGroupOf,
  ageInDays,
  type MessageCopy,
  oldestFirst,
  overdueBefore,
  type PendingRequest,
  preferredCopy,
} from "../../src/domain/pending-requests.ts";

describe("the age of a pending request", () => {
  it.each([
    ["2026-11-30T06:30:00Z", "2026-11-30T07:00:00Z", 0],
    ["2026-11-29T22:59:00Z", "2026-11-30T07:00:00Z", 1], // 23:59 in Paris the day before
    ["2026-11-29T23:01:00Z", "2026-11-30T07:00:00Z", 0], // 00:01 in Paris the same day
    ["2026-11-25T22:30:00Z", "2026-11-30T07:00:00Z", 5],
    ["2026-03-28T12:00:00Z", "2026-03-30T06:00:00Z", 2], // across the switch to summer time
    ["2026-10-24T22:30:00Z", "2026-10-26T06:00:00Z", 1], // across the switch to winter time
  ])("counts Paris calendar days from %s to %s: %i", (createdAt, now, expected) => {
    expect(ageInDays(new Date(createdAt), new Date(now))).toBe(expected);
  });

  it.each([
    [0, 5, "today"],
    [1, 5, "waiting"],
    [4, 5, "waiting"],
    [5, 5, "overdue"],
    [40, 5, "overdue"],
    [0, 1, "today"],
    [1, 1, "overdue"],
  ] as const)(
    "puts a request %i days old in the group %s when escalation is at %i days",
    (age, days, group) => {
      expect(ageGroupOf(age, days)).toBe(group);
    },
  );

  it.each([
    ["2026-11-30T07:00:00Z", 5, "2026-11-25T23:00:00.000Z"], // midnight of 26/11 in Paris (UTC+1)
    ["2026-07-06T07:00:00Z", 1, "2026-07-05T22:00:00.000Z"], // midnight of 6/7 in Paris (UTC+2)
    ["2026-03-30T07:00:00Z", 2, "2026-03-28T23:00:00.000Z"], // before the switch to summer time
  ])(
    "says which requests are overdue at %s after %i days: those created before %s",
    (now, days, expected) => {
      const cutoff = overdueBefore(new Date(now), days);
      expect(cutoff.toISOString()).toBe(expected);
      expect(ageInDays(new Date(cutoff.getTime() - 1), new Date(now))).toBe(days);
      expect(ageInDays(cutoff, new Date(now))).toBe(days - 1);
    },
  );
});

describe("the copy of its message a digest links a request to", () => {
  const copy = (channelId: string, postedAt: string): MessageCopy => ({
    channelId,
    permalink: `https://exemple.slack.com/archives/${channelId}/p${Date.parse(postedAt)}`,
    postedAt: Date.parse(postedAt),
  });
  const firstDm = copy("D0001", "2026-11-30T08:00:00Z");
  const secondDm = copy("D0002", "2026-11-30T08:00:05Z");
  const inChannel = copy("C0001", "2026-11-30T08:00:09Z");

  it("is the copy in the structure's channel, even when a DM copy was posted before it", () => {
    expect(preferredCopy(firstDm, inChannel, "C0001")).toBe(inChannel);
    expect(preferredCopy(inChannel, firstDm, "C0001")).toBe(inChannel);
  });

  it("is the first copy posted when none is in the structure's channel, whichever comes first", () => {
    expect(preferredCopy(secondDm, firstDm, "C0001")).toBe(firstDm);
    expect(preferredCopy(firstDm, secondDm, "C0001")).toBe(firstDm);
    expect(preferredCopy(inChannel, firstDm, null)).toBe(firstDm);
  });
});

describe("the order of pending requests", () => {
  const request = (id: string, createdAt: string): PendingRequest => ({
    type: "attachment",
    id,
    structureId: "structure",
    createdAt: new Date(createdAt),
    requesterName: "Ada Lovelace",
    spaces: [],
    permalink: null,
  });

  it("puts the oldest first and, at the same instant, the smaller id first", () => {
    const requests = [
      request("c", "2026-11-30T08:00:00Z"),
      request("b", "2026-11-29T08:00:00Z"),
      request("d", "2026-11-29T08:00:00Z"),
      request("a", "2026-11-30T08:00:00Z"),
    ];
    expect(requests.sort(oldestFirst).map(({ id }) => id)).toEqual(["b", "d", "a", "c"]);
  });
});
