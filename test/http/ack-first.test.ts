import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAckFirst } from "../../src/http/ack-first.ts";

/** A Slack request entering the tracker; `answer()` stands for its response being sent. */
function receive(ackFirst: ReturnType<typeof createAckFirst>) {
  const res = new EventEmitter();
  ackFirst.track({} as Request, res as unknown as Response, () => {});
  return { answer: () => res.emit("finish") };
}

/** Every test runs on a fake clock: what did not happen by a time did not happen, however slow the machine. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether `promise` has settled, once every timer due within `ms` of fake time has run. */
async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

describe("work after an ack waits for the burst's other acks", () => {
  it("goes on once no Slack request has come or been answered for its quiet moment, not before", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 1000 });
    receive(ackFirst).answer();
    const waiting = ackFirst.acksSent();
    expect(await settledAfter(waiting, 4)).toBe(false);
    expect(await settledAfter(waiting, 1)).toBe(true);
  });

  it("waits while 3 requests of a burst are unanswered, and goes on a quiet moment after all 3 are answered", async () => {
    const ackFirst = createAckFirst({ quietMs: 5, maxDelayMs: 5000 });
    const burst = [receive(ackFirst), receive(ackFirst), receive(ackFirst)];
    const waiting = ackFirst.acksSent();
    burst[0]?.answer();
    burst[1]?.answer();
    expect(await settledAfter(waiting, 4999)).toBe(false);
    burst[2]?.answer();
    expect(await settledAfter(waiting, 5)).toBe(true);
  });
});

describe("the maximum delay of the work after an ack", () => {
  /** acksSent while a request of the burst is never answered: only the maximum delay lets the work go on. */
  function neverAnswered(ackFirst: ReturnType<typeof createAckFirst>): Promise<void> {
    receive(ackFirst);
    return ackFirst.acksSent();
  }

  it("lets the work go on 500 ms after its ack by default, not a moment later, even if a request of the burst is never answered", async () => {
    const waiting = neverAnswered(createAckFirst());
    expect(await settledAfter(waiting, 499)).toBe(false);
    expect(await settledAfter(waiting, 1)).toBe(true);
  });

  it("lets the work go on after exactly the maximum delay it is given", async () => {
    const waiting = neverAnswered(createAckFirst({ quietMs: 5, maxDelayMs: 100 }));
    expect(await settledAfter(waiting, 99)).toBe(false);
    expect(await settledAfter(waiting, 1)).toBe(true);
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
    // Long past the burst's quiet moment, and long before a turn is given back by itself.
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([0, 1]);
    releases.get(1)?.();
    await turns[2];
    expect(started).toEqual([0, 1, 2]);
    releases.get(1)?.(); // a second release of the same turn gives nothing more
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([0, 1, 2]);
    releases.get(0)?.();
    await turns[3];
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("gives a turn back by itself after its time, not before, so that slow work does not hold the next listeners", async () => {
    const ackFirst = createAckFirst({ quietMs: 1, concurrentWork: 1, turnMs: 50 });
    const takenAt = () => ackFirst.workTurn().then(() => performance.now());
    const first = takenAt(); // never released by its work
    const second = takenAt();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await second) - (await first)).toBe(50);
  });
});
