import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAckFirst } from "../../src/http/ack-first.ts";

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

  it("stops waiting once its maximum delay is over, not before, even if a request is never answered", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 100 });
    receive(ackFirst);
    const started = performance.now();
    await ackFirst.acksSent();
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});

describe("the maximum delay of the work after an ack, on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Whether acksSent has resolved once the fake clock has moved `ms` on. */
  async function resolvedAfter(ackFirst: ReturnType<typeof createAckFirst>, steps: number[]) {
    receive(ackFirst); // never answered: only the maximum delay lets the work go on
    let resumed = false;
    void ackFirst.acksSent().then(() => {
      resumed = true;
    });
    const seen: boolean[] = [];
    for (const ms of steps) {
      await vi.advanceTimersByTimeAsync(ms);
      seen.push(resumed);
    }
    return seen;
  }

  it("lets the work go on 500 ms after its ack by default, not a moment later, even if a request of the burst is never answered", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    expect(await resolvedAfter(createAckFirst(), [499, 1])).toEqual([false, true]);
  });

  it("lets the work go on after exactly the maximum delay it is given", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    expect(await resolvedAfter(createAckFirst({ quietMs: 5, maxDelayMs: 100 }), [99, 1])).toEqual([
      false,
      true,
    ]);
  });
});

describe("the work after a burst is done a few listeners at a time", () => {
  it("lets 2 listeners work at once and the others in the order they came, each turn passing on when its work is done", async () => {
    const ackFirst = createAckFirst({ quietMs: 1, concurrentWork: 2, turnMs: 60_000 });
    const started: number[] = [];
    const releases = new Map<number, () => void>();
    const takeTurn = (n: number) =>
      ackFirst.workTurn().then((release) => {
        started.push(n);
        releases.set(n, release);
      });
    const turns = [0, 1, 2, 3].map(takeTurn);
    await Promise.all(turns.slice(0, 2));
    await sleep(20);
    expect(started).toEqual([0, 1]);
    releases.get(1)?.();
    await turns[2];
    expect(started).toEqual([0, 1, 2]);
    releases.get(1)?.(); // a second release of the same turn gives nothing more
    await sleep(20);
    expect(started).toEqual([0, 1, 2]);
    releases.get(0)?.();
    await turns[3];
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("gives a turn back by itself after its time, so that slow work does not hold the next listeners", async () => {
    const ackFirst = createAckFirst({ quietMs: 1, concurrentWork: 1, turnMs: 50 });
    await ackFirst.workTurn(); // never released by its work
    const waitingSince = performance.now();
    const release = await ackFirst.workTurn();
    expect(performance.now() - waitingSince).toBeGreaterThanOrEqual(40);
    release();
  });
});
