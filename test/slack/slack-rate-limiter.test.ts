import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { createLogger } from "../../src/logger.ts";
import { createMetrics } from "../../src/metrics.ts";
import { DeliveryError } from "../../src/notify/outbox-worker.ts";
import { createSlackRateLimiter, type SlackCall } from "../../src/slack/delivery/slack-rate-limiter.ts";
import { openTestDatabase } from "../support/db.ts";

/** How long the limiter says to wait before the call (0: it went through). */
async function waitFor(limiter: ReturnType<typeof createSlackRateLimiter>, call: SlackCall): Promise<number> {
  try {
    await limiter.awaitTurn(call);
    return 0;
  } catch (error) {
    if (error instanceof DeliveryError && error.paced) return error.retryAfterMs ?? 0;
    throw error;
  }
}

describe("Slack rate limiter", () => {
  let database: Database;
  let clock = 1_000_000;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  function limiter(options: { shareTurns?: boolean } = {}) {
    const metrics = createMetrics({
      outboxStats: async () => ({ pending: 0, failed: 0, oldestAgeSeconds: 0 }),
    });
    return {
      metrics,
      limiter: createSlackRateLimiter({
        prisma: database.prisma,
        logger: createLogger("silent"),
        metrics,
        now: () => clock,
        refreshMs: 0,
        ...options,
      }),
    };
  }

  it("lets one message a little over a second into each channel, and staggers the calls it sends away", async () => {
    const { limiter: slack } = limiter();
    const post = { method: "chat.postMessage", channel: "CPACE00001" };
    expect(await waitFor(slack, post)).toBe(0);
    expect(await waitFor(slack, { ...post, channel: "CPACE00002" })).toBe(0);
    const first = await waitFor(slack, post);
    const second = await waitFor(slack, post);
    expect(first).toBeGreaterThan(1000);
    expect(second - first).toBeGreaterThanOrEqual(1000);
    clock += first;
    expect(await waitFor(slack, post)).toBe(0);
  });

  it("lets chat.update burst to 47 calls, then keeps to Tier 3's 50 a minute with a margin", async () => {
    const { limiter: slack } = limiter();
    for (let index = 0; index < 47; index++)
      expect(await waitFor(slack, { method: "chat.update", channel: `CBURST${index}` })).toBe(0);
    const wait = await waitFor(slack, { method: "chat.update", channel: "CBURST99" });
    expect(wait).toBeGreaterThanOrEqual(60_000 / 50);
  });

  it("gives two replicas posting in one channel one turn a little over a second apart between them, and leaves other channels free", async () => {
    const [one, other] = [limiter({ shareTurns: true }), limiter({ shareTurns: true })];
    const post = { method: "chat.postMessage", channel: "CSHARE0001", workspace: "TSHARE" };
    // Twenty seconds of deliveries, both replicas trying every 100 ms.
    const turns: number[] = [];
    const start = clock;
    for (let step = 0; step < 200; step++) {
      for (const replica of [one, other]) {
        if ((await waitFor(replica.limiter, post)) === 0) turns.push(clock);
      }
      clock += 100;
    }
    expect(turns[0]).toBe(start);
    expect(turns.length).toBeGreaterThanOrEqual(17);
    expect(turns.length).toBeLessThanOrEqual(19);
    for (let index = 1; index < turns.length; index++) {
      expect((turns[index] ?? 0) - (turns[index - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    expect(await waitFor(other.limiter, { ...post, method: "chat.update", channel: "CSHARE0002" })).toBe(0);
  });

  it("gives two replicas calling chat.update one Tier 3 between them: a burst of 47, then 47.5 a minute", async () => {
    const [one, other] = [limiter({ shareTurns: true }), limiter({ shareTurns: true })];
    // A minute of updates in ever new channels (their own pace never holds): every 100 ms, each replica
    // makes all the calls it is let through.
    let calls = 0;
    const update = () => ({ method: "chat.update", channel: `CTIER${calls++}`, workspace: "TTIER" });
    const turns: number[] = [];
    const start = clock;
    for (let step = 0; step < 600; step++) {
      for (const replica of [one, other]) {
        while ((await waitFor(replica.limiter, update())) === 0) turns.push(clock);
      }
      clock += 100;
    }
    // What one replica alone is allowed, not twice that.
    expect(turns.filter((at) => at === start)).toHaveLength(47);
    expect(turns.length).toBeGreaterThanOrEqual(92);
    expect(turns.length).toBeLessThanOrEqual(95);
    const steady = turns.slice(47);
    for (let index = 1; index < steady.length; index++) {
      expect((steady[index] ?? 0) - (steady[index - 1] ?? 0)).toBeGreaterThanOrEqual(60_000 / 47.5 - 100);
    }
  });

  it("without shared turns (one process), leaves each replica its own pace: the embedded database's case", async () => {
    const [one, other] = [limiter(), limiter()];
    const post = { method: "chat.postMessage", channel: "CALONE0001" };
    expect(await waitFor(one.limiter, post)).toBe(0);
    expect(await waitFor(other.limiter, post)).toBe(0);
    expect(await database.prisma.slackTurn.count({ where: { key: { contains: "CALONE" } } })).toBe(0);
  });

  it("holds a method on another replica until the Retry-After of a 429 one replica received", async () => {
    const one = limiter();
    const other = limiter();
    const lookup = { method: "chat.getPermalink", channel: "CPERMA0001" };
    expect(await waitFor(other.limiter, lookup)).toBe(0);
    await one.limiter.rateLimited(lookup, 30_000);
    expect(await waitFor(other.limiter, lookup)).toBeGreaterThanOrEqual(29_000);
    expect(await one.metrics.registry.getSingleMetricAsString("chorus_slack_rate_limited_total")).toContain(
      'method="chat.getPermalink"} 1',
    );
    clock += 30_000;
    expect(await waitFor(other.limiter, lookup)).toBe(0);
  });
});
