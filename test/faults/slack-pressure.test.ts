import { describe, expect, it } from "vitest";
import { useHarness } from "../support/app-harness.ts";
import type { FakeSlackCall } from "../support/fake-slack/index.ts";
import { addStructure, insertAttachmentRequests } from "../support/pending-requests.ts";
import { seedStructure } from "../support/scenario.ts";
import { eventually } from "../support/wait.ts";

const REQUESTS = 1000;
const CHANNELS = 50;
/** Slack's tiers ten times faster on both sides, so that the run takes seconds rather than minutes. */
const TIER_RATE_FACTOR = 10;
/** 429s Slack answers the first posts with, whatever the pace, and the Retry-After they carry. */
const INJECTED_429S = 5;
const INJECTED_RETRY_AFTER_S = 2;

/** The calls that came after `call` with the same method on the same channel. */
function callsAfter(calls: FakeSlackCall[], call: FakeSlackCall): FakeSlackCall[] {
  return calls.filter(
    (other) => other.at > call.at && other.method === call.method && other.args.channel === call.args.channel,
  );
}

describe("Slack delivery under pressure", () => {
  const h = useHarness({ SLACK_TIER_RATE_FACTOR: String(TIER_RATE_FACTOR) });

  it("1,000 new requests spread over 50 channels are all posted at Slack's pace, with every 429 honoured and none dropped", async () => {
    h.slack.setRateLimits({ perChannel: true, perMethod: { factor: TIER_RATE_FACTOR } });
    await seedStructure(h, { channel: "CPRESS0000" });
    for (let index = 1; index < CHANNELS; index++)
      await addStructure(h, 8_000_000 + index, { channel: `CPRESS${String(index).padStart(4, "0")}` });
    await h.settle();
    h.slack.reset();

    // As the use case writes them (the request and its SLACK_SHOW_REQUEST row), a thousand at once.
    const { prisma } = h.database;
    const all = await prisma.structure.findMany({ select: { id: true } });
    expect(all).toHaveLength(CHANNELS);
    for (const structure of all)
      await insertAttachmentRequests(h, structure.id, REQUESTS / CHANNELS, new Date());
    const requests = await prisma.attachmentRequest.findMany({ select: { id: true } });
    await prisma.outboxMessage.createMany({
      data: requests.map((request) => ({
        kind: "SLACK_SHOW_REQUEST" as const,
        payload: { requestType: "attachment", requestId: request.id },
      })),
    });
    // Slack refuses the first posts with a 429 on top of its tiers: each must wait its Retry-After.
    h.slack.failNext(
      "chat.postMessage",
      { status: 429, retryAfterSeconds: INJECTED_RETRY_AFTER_S },
      INJECTED_429S,
    );
    h.runtime.outbox.kick();

    await eventually(
      async () => (await prisma.outboxMessage.count({ where: { status: "PENDING" } })) === 0,
      180_000,
    );

    const posts = h.slack.calls.filter((call) => call.method === "chat.postMessage");
    const posted = posts.filter((call) => call.ok);
    expect(posted).toHaveLength(REQUESTS);
    const shown = await prisma.requestMessage.findMany();
    expect(new Set(shown.map((message) => message.attachmentRequestId)).size).toBe(REQUESTS);
    expect(shown.every((message) => message.permalink !== null)).toBe(true);
    expect(await prisma.outboxMessage.count({ where: { status: "FAILED" } })).toBe(0);

    // Slack's pace: never two messages in one channel within a second (the time the whole run takes
    // is a measurement, not a test: bench/pressure.ts).
    for (const channel of new Set(posted.map((call) => String(call.args.channel)))) {
      const times = posted.filter((call) => call.args.channel === channel).map((call) => call.at);
      for (let index = 1; index < times.length; index++)
        expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }

    // Every 429 (the injected ones, and the few the limiter let through) was followed by the same
    // call on that channel, no sooner than its Retry-After.
    const refused = h.slack.calls.filter((call) => call.error === "ratelimited");
    expect(refused.length).toBe(h.slack.rateLimited);
    expect(refused.length).toBeGreaterThanOrEqual(INJECTED_429S);
    expect(refused.length - INJECTED_429S).toBeLessThanOrEqual(REQUESTS / 100);
    for (const call of refused) {
      const next = callsAfter(h.slack.calls, call)[0];
      expect(next, `no call after the 429 on ${String(call.args.channel)}`).toBeDefined();
      expect((next?.at ?? 0) - call.at).toBeGreaterThanOrEqual((call.retryAfterSeconds ?? 0) * 1000);
    }
  }, 240_000);
});
