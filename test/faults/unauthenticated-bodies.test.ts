import { type ClientRequest, type IncomingMessage, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_BODY_LIMITS } from "../../src/http/slack-body-reader.ts";
import { type AppProcess, killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import { metricSample } from "../support/metrics.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";
import { eventually } from "../support/wait.ts";

const MB = 1024 * 1024;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Headers of a request that looks signed (a well-formed signature that is not Slack's). */
function signedLooking(timestamp = nowSeconds()): Record<string, string> {
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": `v0=${"0".repeat(64)}`,
  };
}

/**
 * A POST to /slack/events that sends its headers and `sent` (of a body it may declare longer) and
 * waits: resolves its response, if the app answers before the rest of the body comes.
 */
function post(
  app: AppProcess,
  headers: Record<string, string | number>,
  sent: Buffer | string,
): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const req = request(`${app.baseUrl}/slack/events`, { method: "POST", headers });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", reject);
  });
  req.write(sent);
  return { req, response };
}

/** The answer to `pending`, or null if none came within `ms`. */
async function answeredWithin(
  pending: Promise<IncomingMessage>,
  ms: number,
): Promise<IncomingMessage | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("what an unauthenticated client can make the app hold", () => {
  let slack: FakeSlack;
  let smtp: SmtpSink;
  let database: Awaited<ReturnType<typeof createTestServerDatabase>>;
  let app: AppProcess;

  beforeAll(async () => {
    [slack, smtp, database] = await Promise.all([
      startFakeSlack(),
      startSmtpSink(),
      createTestServerDatabase(),
    ]);
    app = await startAppProcess({ slack, smtp, database: { url: database.url } });
  });
  afterAll(async () => {
    await killAppProcesses();
    await Promise.all([slack.close(), smtp.close(), database.drop()]);
  });

  it("answers 401 to an unsigned post and to one stamped an hour ago as soon as their headers arrive, without waiting for their 1 MB bodies", async () => {
    const unsigned = post(app, { "content-type": "application/json", "content-length": MB }, "{");
    const stale = post(app, { ...signedLooking(nowSeconds() - 3600), "content-length": MB }, "payload=");

    for (const pending of [unsigned, stale]) {
      const response = await answeredWithin(pending.response, 2000);
      expect(response?.statusCode).toBe(401);
      pending.req.destroy();
    }
    expect(await metricSample(app.baseUrl, 'chorus_slack_requests_refused_total{reason="unsigned"}')).toBe(1);
    expect(await metricSample(app.baseUrl, 'chorus_slack_requests_refused_total{reason="stale"}')).toBe(1);
  });

  it("answers 413 at once to a body declared over 1 MB, and to a chunked body once it grows past 1 MB", async () => {
    const declared = post(app, { ...signedLooking(), "content-length": 2 * MB }, "payload=");
    expect((await answeredWithin(declared.response, 2000))?.statusCode).toBe(413);
    declared.req.destroy();

    const chunked = post(
      app,
      { ...signedLooking(), "transfer-encoding": "chunked" },
      Buffer.alloc(MB / 2, "a"),
    );
    chunked.req.write(Buffer.alloc(MB / 2 + 1, "a"));
    chunked.req.end();
    expect((await answeredWithin(chunked.response, 5000))?.statusCode).toBe(413);
  });

  it("holds at most 32 MB of bodies not yet verified: of 40 slow posts of 1 MB, the last 8 are answered 503 with Retry-After at once, and the bytes are given back when the others end", async () => {
    const budget = SLACK_BODY_LIMITS.unverifiedBytes / SLACK_BODY_LIMITS.bodyBytes;
    const posts = Array.from({ length: budget + 8 }, () =>
      post(app, { ...signedLooking(), "content-length": MB }, "payload=%7B"),
    );
    try {
      const early = await Promise.all(posts.map((pending) => answeredWithin(pending.response, 3000)));
      const busy = early.filter((response) => response !== null);
      expect(busy).toHaveLength(8);
      for (const response of busy) {
        expect(response?.statusCode).toBe(503);
        expect(response?.headers["retry-after"]).toBe("1");
      }
      expect(await metricSample(app.baseUrl, "chorus_slack_unverified_body_bytes")).toBe(
        SLACK_BODY_LIMITS.unverifiedBytes,
      );
      expect(
        await metricSample(app.baseUrl, 'chorus_slack_requests_refused_total{reason="over_budget"}'),
      ).toBe(8);
    } finally {
      for (const pending of posts) pending.req.destroy();
    }
    await eventually(
      async () => (await metricSample(app.baseUrl, "chorus_slack_unverified_body_bytes")) === 0,
    );

    // Room again: a whole request is read and goes on to Bolt, which refuses its signature itself.
    const whole = post(app, { ...signedLooking(), "content-length": 14 }, "payload=%7B%7D");
    whole.req.end();
    expect((await answeredWithin(whole.response, 3000))?.statusCode).toBe(401);
  });

  it("writes one JSON line for each refusal and nothing else: no stack trace on the standard error", async () => {
    const oversized = await fetch(`${app.baseUrl}/slack/events`, {
      method: "POST",
      headers: signedLooking(),
      body: Buffer.alloc(2 * MB, "a"),
    }).catch(() => null);
    if (oversized) expect(oversized.status).toBe(413);

    await eventually(async () =>
      app.logs.some((line) => line.msg === "Slack request body refused" && line.reason === "too_large"),
    );
    expect(app.otherOutput).toEqual([]);
  });
});
