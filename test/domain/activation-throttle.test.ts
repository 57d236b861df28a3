import { describe, expect, it } from "vitest";
import {
  ACTIVATION_ATTEMPT_WINDOW_MS,
  attemptWaitMs,
  clientKey,
  retryAfterSeconds,
} from "../../src/domain/activation-throttle.ts";

const NOW = new Date("2026-11-30T12:00:00Z");
const MINUTE_MS = 60 * 1000;
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE_MS);

describe("the throttle of the activation page", () => {
  it("lets a submission be judged while fewer failures than the limit are in the window", () => {
    expect(attemptWaitMs([], 5, NOW)).toBeNull();
    expect(attemptWaitMs([1, 2, 3, 4].map(minutesAgo), 5, NOW)).toBeNull();
  });

  it("makes it wait until the failure that brings them under the limit leaves the window", () => {
    expect(attemptWaitMs([1, 2, 3, 4, 5].map(minutesAgo), 5, NOW)).toBe(10 * MINUTE_MS);
    // Six failures (two submissions judged at once): the two oldest must leave.
    expect(attemptWaitMs([6, 1, 5, 2, 4, 3].map(minutesAgo), 5, NOW)).toBe(10 * MINUTE_MS);
    expect(attemptWaitMs([0, 0, 0, 0, 0].map(minutesAgo), 5, NOW)).toBe(ACTIVATION_ATTEMPT_WINDOW_MS);
  });

  it("says Retry-After in whole seconds, rounded up, one at least", () => {
    expect(retryAfterSeconds(600_000)).toBe(600);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });

  it("takes an IPv4 address written as IPv6 as the IPv4 address it is", () => {
    expect(clientKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(clientKey("192.0.2.7")).toBe("192.0.2.7");
    expect(clientKey("2001:db8::1")).toBe("2001:db8::1");
    expect(clientKey(undefined)).toBe("unknown");
  });
});
