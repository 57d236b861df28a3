import { describe, expect, it } from "vitest";
import { activationLinkProblem } from "../../src/domain/activation-links.ts";
import { checkStartDate, parseIsoDay } from "../../src/domain/start-date.ts";

const NOW = new Date("2026-11-28T12:00:00Z");
const usable = {
  expiresAt: new Date("2026-11-28T12:30:00Z"),
  usedAt: null,
  revokedAt: null,
  user: { status: "PENDING_ACTIVATION" as const },
};

describe("activation links", () => {
  it.each([
    ["a link nobody issued", null, "unknown"],
    ["a used link, even once expired", { ...usable, usedAt: NOW, expiresAt: new Date(0) }, "used"],
    ["a link replaced by a resend", { ...usable, revokedAt: NOW }, "revoked"],
    ["a link at its expiry instant", { ...usable, expiresAt: NOW }, "expired"],
    [
      "a link of an account already active",
      { ...usable, user: { status: "ACTIVE" as const } },
      "account_not_pending",
    ],
    ["a fresh link of a pending account", usable, null],
  ])("tells why %s cannot be used", (_, token, problem) => {
    expect(activationLinkProblem(token, NOW)).toBe(problem);
  });
});

describe("the start date of a manager-initiated attachment", () => {
  const today = new Date("2026-11-28T00:00:00Z");

  it("accepts today and later days, refuses the past and what is not a real day", () => {
    expect(checkStartDate("2026-11-28", today)).toEqual({ day: today });
    expect(checkStartDate("2027-01-15", today)).toEqual({ day: new Date("2027-01-15T00:00:00Z") });
    expect(checkStartDate("2026-11-27", today)).toEqual({ problem: "past" });
    expect(checkStartDate(null, today)).toEqual({ problem: "missing" });
    expect(parseIsoDay("2026-02-30")).toBeNull();
    expect(parseIsoDay("28/11/2026")).toBeNull();
  });
});
