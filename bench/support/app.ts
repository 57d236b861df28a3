import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { createLogger } from "../../src/logger.ts";
import { type Runtime, startRuntime } from "../../src/runtime.ts";
import {
  type FakeSlack,
  type FakeSlackOptions,
  startFakeSlack,
} from "../../test/support/fake-slack/index.ts";
import { type SmtpSink, startSmtpSink } from "../../test/support/smtp-sink.ts";

export const BENCH_SIGNING_SECRET = "bench-signing-secret";

/** The real app on a bench database, with the fake Slack Web API and the SMTP sink it talks to. */
export interface BenchApp {
  runtime: Runtime;
  slack: FakeSlack;
  smtp: SmtpSink;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the app as `test/support/app-harness.ts` does (startRuntime in token mode, its HTTP server on
 * a free port, silent logs, the scheduled jobs off), on `database`, which the caller closes.
 */
export async function startBenchApp(
  database: Database,
  options: { slack?: FakeSlackOptions; env?: Record<string, string> } = {},
): Promise<BenchApp> {
  const [slack, smtp] = await Promise.all([startFakeSlack(options.slack), startSmtpSink()]);
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    SMTP_URL: smtp.url,
    LOG_LEVEL: "silent",
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
    BULK_RECOVERY_CRON: "off",
    ...options.env,
  });
  const runtime = await startRuntime(config, { database, logger: createLogger("silent") });
  return {
    runtime,
    slack,
    smtp,
    baseUrl: `http://127.0.0.1:${runtime.port}`,
    async close() {
      await runtime.stop();
      await Promise.all([slack.close(), smtp.close()]);
    },
  };
}

/**
 * The app against the fake Slack rate-limited per channel (Slack's real 1 message/s) and per method,
 * Slack's tiers multiplied by `tierFactor` on both sides.
 */
export function startRateLimitedBenchApp(database: Database, tierFactor: number): Promise<BenchApp> {
  return startBenchApp(database, {
    slack: { rateLimitPerChannel: true, rateLimitPerMethod: { factor: tierFactor } },
    env: { OUTBOX_POLL_MS: "50", SLACK_TIER_RATE_FACTOR: String(tierFactor) },
  });
}

/** Polls `probe` every 50 ms until it holds; fails the bench after `timeoutMs`. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("bench timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until every delivery is made. */
export function outboxDrained(database: Database, timeoutMs: number): Promise<void> {
  return waitUntil(
    async () => (await database.prisma.outboxMessage.count({ where: { status: "PENDING" } })) === 0,
    timeoutMs,
  );
}
