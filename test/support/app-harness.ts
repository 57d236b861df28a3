import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { type Runtime, startRuntime } from "../../src/runtime.ts";
import { openTestDatabase, resetDatabase } from "./db.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack/index.ts";
import {
  blockActionsPayload,
  type SlackStateValues,
  sendInteraction,
  sendSlashCommand,
  viewSubmissionPayload,
} from "./slack-requests.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const API_TOKEN = "test-api-token-0123456789abcdef";

export interface ApiResult {
  status: number;
  json: any;
}

/** A REST API call's answer, its headers too. */
export type ApiResponse = ApiResult & { headers: Headers };

/**
 * Calls the app's REST API at `baseUrl` with the test API token; `body` is sent as JSON unless it is
 * already a string (malformed JSON on purpose). The answer's headers come apart from it, so that a
 * test can compare the answer whole.
 */
export async function requestApi(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ answer: ApiResult; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    answer: { status: response.status, json: text ? JSON.parse(text) : null },
    headers: response.headers,
  };
}

/** `requestApi`'s answer alone. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult> {
  return (await requestApi(baseUrl, method, path, body, headers)).answer;
}

/** A POST to the REST API with an Idempotency-Key, the answer's headers with it. */
export async function postWithKey(
  baseUrl: string,
  path: string,
  body: unknown,
  key: string,
): Promise<ApiResponse> {
  const { answer, headers } = await requestApi(baseUrl, "POST", path, body, { "idempotency-key": key });
  return { ...answer, headers };
}

/**
 * The whole app running for real: its HTTP server on a free port, a real database, the fake Slack
 * Web API over HTTP and the SMTP sink over SMTP. One per test file; `reset()` between tests.
 */
export interface Harness {
  runtime: Runtime;
  slack: FakeSlack;
  smtp: SmtpSink;
  database: Database;
  baseUrl: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult>;
  clickButton(options: {
    userId: string;
    actionId: string;
    value: string;
    channelId: string;
    messageTs: string;
  }): Promise<number>;
  submitView(options: {
    userId: string;
    callbackId: string;
    privateMetadata: string;
    values: SlackStateValues;
  }): Promise<ApiResult>;
  command(options: {
    userId: string;
    text: string;
    channelId: string;
  }): Promise<{ status: number; responseUrl: string }>;
  /** Runs a slash command and returns its private answer (the text posted to its response URL). */
  commandAnswer(userId: string, text: string, channelId?: string): Promise<string>;
  /** Waits until the outbox has nothing left to deliver now. */
  settle(): Promise<void>;
  /** Empties the database and the fakes, but keeps fake Slack's violations (see `useHarness`). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** `logger`: the app's logger, e.g. `createLogger` over a stream the test reads (default: LOG_LEVEL, stdout). */
export interface HarnessOptions {
  logger?: Logger;
}

export async function startHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const [slack, smtp, database] = await Promise.all([startFakeSlack(), startSmtpSink(), openTestDatabase()]);
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    SMTP_URL: smtp.url,
    MAIL_FROM: "Chorus Pro <ne-pas-repondre@chorus.test>",
    API_TOKENS: API_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    OUTBOX_POLL_MS: "50",
    // Tests drive the jobs themselves, at the dates they choose.
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
    BULK_RECOVERY_CRON: "off",
    IDEMPOTENCY_PURGE_CRON: "off",
    OUTBOX_PURGE_CRON: "off",
    ATTACHMENT_START_CRON: "off",
    REQUEST_EXPIRY_CRON: "off",
    CHORUS_PRO_SYNC_CRON: "off",
    ...env,
  });
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, { database, logger });
  const baseUrl = `http://127.0.0.1:${runtime.port}`;

  const harness: Harness = {
    runtime,
    slack,
    smtp,
    database,
    baseUrl,
    api: (method, path, body, headers) => callApi(baseUrl, method, path, body, headers),
    async clickButton({ userId, actionId, value, channelId, messageTs }) {
      const payload = blockActionsPayload({
        userId,
        actionId,
        value,
        channelId,
        messageTs,
        responseUrl: slack.responseUrl(),
      });
      const result = await sendInteraction({ baseUrl, secret: SIGNING_SECRET, payload });
      return result.status;
    },
    async submitView({ userId, callbackId, privateMetadata, values }) {
      const payload = viewSubmissionPayload({ userId, callbackId, privateMetadata, values });
      const result = await sendInteraction({
        baseUrl,
        secret: SIGNING_SECRET,
        payload,
        checkResponseWith: slack,
      });
      return { status: result.status, json: result.json ?? null };
    },
    async command({ userId, text, channelId }) {
      const responseUrl = slack.responseUrl();
      const result = await sendSlashCommand({
        baseUrl,
        secret: SIGNING_SECRET,
        userId,
        text,
        channelId,
        responseUrl,
      });
      return { status: result.status, responseUrl };
    },
    async commandAnswer(userId, text, channelId = "CLIST00001") {
      const { status, responseUrl } = await this.command({ userId, text, channelId });
      if (status !== 200) throw new Error(`the command was answered with HTTP ${status}`);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const response = slack.responses.find((candidate) => candidate.url === responseUrl);
        if (response) return String((response.body as { text?: string }).text);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error("no answer to the command");
    },
    async settle() {
      // Deliveries held back on purpose (channel pacing, Home refreshes gathering a burst) come due
      // within about two seconds: wait for those too, not for retries scheduled further away. Between
      // runs, sleep until the soonest of them is due rather than polling: the suite is CPU-bound. A row
      // the app's own worker has claimed is left to it, so look again a little later.
      for (let round = 0; round < 1000; round++) {
        const { _min } = await database.prisma.outboxMessage.aggregate({
          _min: { availableAt: true },
          where: { status: "PENDING", availableAt: { lte: new Date(Date.now() + 2500) } },
        });
        if (!_min.availableAt) return;
        if ((await runtime.outbox.runOnce()) > 0) continue;
        const untilDue = _min.availableAt.getTime() - Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(untilDue + 5, 20), 500)));
      }
      throw new Error("the outbox did not settle");
    },
    async reset() {
      // Stop the deliveries in flight first, so nothing of one test reaches the next one's fakes.
      await runtime.outbox.stop();
      await resetDatabase(database);
      slack.reset();
      smtp.reset();
      runtime.outbox.start();
    },
    async close() {
      await runtime.stop();
      await Promise.all([slack.close(), smtp.close(), database.close()]);
    },
  };
  return harness;
}

/**
 * Starts one harness for the enclosing describe block, resets it before each test, checks after each
 * test that the app made no call Slack would have rejected, and closes it at the end. The returned
 * object stands for the harness once it is started.
 */
export function useHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(env, options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current?.reset();
  });
  afterEach(() => {
    // Taken, not read: the next test starts with none, and a reset in the middle of this one (which
    // keeps them) hid none of them.
    expect(current?.slack.takeViolations()).toEqual([]);
  });
  return new Proxy({} as Harness, {
    get(_, property) {
      if (!current) throw new Error("the harness is used before it started (use it inside a test)");
      return Reflect.get(current, property);
    },
  });
}
