import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { createAckFirst } from "../../src/slack/ack-first.ts";

/** A Slack request entering the tracker; `answer()` stands for its response being sent. */
function receive(ackFirst: ReturnType<typeof createAckFirst>) {
  const res = new EventEmitter();
  ackFirst.track({} as Request, res as unknown as Response, () => {});
  return { answer: () => res.emit("finish") };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("work after an ack waits for the burst's other acks", () => {
  it("goes on at once, after the quiet moment, when no Slack request waits for its answer", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 1000 });
    const started = performance.now();
    await ackFirst.acksSent();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("waits while 3 requests of a burst are unanswered, and goes on once all 3 are answered", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 5000 });
    const burst = [receive(ackFirst), receive(ackFirst), receive(ackFirst)];
    let resumed = false;
    const waiting = ackFirst.acksSent().then(() => {
      resumed = true;
    });
    burst[0]?.answer();
    burst[1]?.answer();
    await sleep(50);
    expect(resumed).toBe(false);
    burst[2]?.answer();
    await waiting;
    expect(resumed).toBe(true);
  });

  it("never holds the work longer than its maximum delay, even if a request is never answered", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 100 });
    receive(ackFirst);
    const started = performance.now();
    await ackFirst.acksSent();
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});
