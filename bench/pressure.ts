import { pathToFileURL } from "node:url";
import type { Database } from "../src/db/database.ts";
import { outboxDrained, startRateLimitedBenchApp } from "./support/app.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withBenchDatabase,
} from "./support/databases.ts";
import { type BenchFigure, QUICK } from "./support/results.ts";
import { createBenchStructures, insertBenchRequests } from "./support/seed.ts";

const CHANNELS = 50;
/** BENCH_QUICK=1: two requests per channel instead of twenty. */
const REQUESTS = QUICK ? 100 : 1000;
/** Slack's tiers ten times faster on both sides, as in test/faults/slack-pressure.test.ts. */
const TIER_FACTOR = 10;
/** 429s Slack answers the first posts with, on top of its tiers, and their Retry-After. */
const INJECTED_429S = 5;
const INJECTED_RETRY_AFTER_S = 2;

/**
 * 1,000 new requests over 50 channels, their messages all due at once (as the use case queues them),
 * against the fake Slack at its real pace per channel (1 message/s) and 5 injected 429s: how long
 * until every request is posted, against the least Slack allows (one message a second in each
 * channel: 19 s for 20 each), and the 429s the app met beyond the injected ones. The test
 * (slack-pressure.test.ts) checks the pace and that none is lost; the time is measured here.
 */
async function measure(kind: BenchDatabaseKind, database: Database): Promise<BenchFigure[]> {
  const app = await startRateLimitedBenchApp(database, TIER_FACTOR);
  const { slack } = app;
  const { prisma } = database;
  try {
    await createBenchStructures(app.runtime.ctx, CHANNELS, (n) => `CPRESS${String(n).padStart(4, "0")}`);
    await outboxDrained(database, 60_000);
    const ids = await insertBenchRequests(database, REQUESTS);
    await prisma.outboxMessage.createMany({
      data: ids.map((requestId) => ({
        kind: "SLACK_SHOW_REQUEST" as const,
        payload: { requestType: "attachment", requestId },
      })),
    });
    slack.reset();
    slack.failNext(
      "chat.postMessage",
      { status: 429, retryAfterSeconds: INJECTED_RETRY_AFTER_S },
      INJECTED_429S,
    );
    const start = performance.now();
    app.runtime.outbox.kick();
    await outboxDrained(database, 600_000);
    const elapsedMs = performance.now() - start;

    const posted = await prisma.requestMessage.count();
    const failed = await prisma.outboxMessage.count({ where: { status: "FAILED" } });
    const leastMs = (REQUESTS / CHANNELS - 1) * 1000;
    const beyondInjected = slack.rateLimited - INJECTED_429S;
    console.log(
      `pressure: ${REQUESTS} new requests over ${CHANNELS} channels, ${DATABASE_LABELS[kind]}, fake Slack at ` +
        `1 message/s per channel, ${INJECTED_429S} 429s injected (Retry-After ${INJECTED_RETRY_AFTER_S} s) — ` +
        `${posted}/${REQUESTS} posted in ${(elapsedMs / 1000).toFixed(1)} s (Slack's pace allows it in ` +
        `${leastMs / 1000} s at the least), 429s beyond the injected ${beyondInjected}, failed ${failed}, ` +
        `violations ${slack.violations.length}`,
    );
    return [
      {
        figure: `pressure: ${REQUESTS} new requests over ${CHANNELS} channels posted, Slack at 1 message/s per channel, time / the least Slack allows`,
        database: kind,
        value: `${(elapsedMs / leastMs).toFixed(2)}x (${posted}/${REQUESTS} in ${(elapsedMs / 1000).toFixed(1)} s / ${leastMs / 1000} s), ${beyondInjected} 429s beyond the ${INJECTED_429S} injected`,
        goal: "all posted, none failed",
        met: posted === REQUESTS && failed === 0,
      },
    ];
  } finally {
    await app.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds())
    figures.push(...(await withBenchDatabase(kind, (database) => measure(kind, database))));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
