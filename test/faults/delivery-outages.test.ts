import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { runBulkDecision } from "../../src/services/requests/run-bulk-decision.ts";
import { createWebApiClient, toDeliveryError } from "../../src/slack/web-api.ts";
import { useHarness } from "../support/app-harness.ts";
import { type FakeSlackFailure, startFakeSlack } from "../support/fake-slack/index.ts";
import { captureLogs } from "../support/log-capture.ts";
import { metricSample } from "../support/metrics.ts";
import { addRequester } from "../support/pending-requests.ts";
import { fileRequest, principal, seedStructure, startPrincipalBulkRun } from "../support/scenario.ts";
import { eventually } from "../support/wait.ts";

/** A port nothing listens on: calls to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("Slack failures as the outbox sees them", () => {
  const failures: [string, FakeSlackFailure][] = [
    ["a 500", { status: 500 }],
    ["a 502", { status: 502 }],
    ["a 503", { status: 503 }],
    ["no answer within the client's timeout", { hangMs: 1000 }],
  ];

  it.each(failures)("%s is retried later with backoff, never given up", async (_, failure) => {
    const slack = await startFakeSlack();
    try {
      const client = createWebApiClient({
        token: slack.token,
        apiUrl: slack.apiUrl,
        logger: createLogger("silent"),
        timeoutMs: 200,
      });
      slack.failNext("chat.postMessage", failure);
      const error = await client.chat.postMessage({ channel: "C0000001", text: "x" }).catch((e) => e);
      const delivery = toDeliveryError(error);
      expect(delivery.permanent).toBe(false);
      expect(delivery.paced).toBe(false);
      expect(delivery.retryAfterMs).toBeNull();
    } finally {
      await slack.close();
    }
  });

  it("a refused connection is retried later with backoff, never given up", async () => {
    const client = createWebApiClient({
      token: "xoxb-test-token",
      apiUrl: `http://127.0.0.1:${await closedPort()}/api/`,
      logger: createLogger("silent"),
      timeoutMs: 1000,
    });
    const error = await client.chat.postMessage({ channel: "C0000001", text: "x" }).catch((e) => e);
    expect(toDeliveryError(error)).toMatchObject({ permanent: false, paced: false, retryAfterMs: null });
  });

  it("a 429 is retried after its Retry-After", async () => {
    const slack = await startFakeSlack();
    try {
      const client = createWebApiClient({
        token: slack.token,
        apiUrl: slack.apiUrl,
        logger: createLogger("silent"),
        timeoutMs: 1000,
      });
      slack.failNext("chat.update", { status: 429, retryAfterSeconds: 7 });
      const error = await client.chat.update({ channel: "C0000001", ts: "1.1", text: "x" }).catch((e) => e);
      expect(toDeliveryError(error)).toMatchObject({ permanent: false, retryAfterMs: 7000 });
    } finally {
      await slack.close();
    }
  });
});

describe("deliveries through outages", () => {
  const h = useHarness({ SLACK_API_TIMEOUT_MS: "300" });

  it("Slack answering 429 then 500 for a while and the SMTP sink down for a while: every delivery is eventually made, none twice", async () => {
    const structure = await seedStructure(h);
    const earlier = [];
    for (let index = 0; index < 3; index++)
      earlier.push(await fileRequest(h, structure, { email: await addRequester(h, index) }));
    await h.settle();

    // While the worker is stopped, new requests and a bulk decision queue their deliveries…
    await h.runtime.outbox.stop();
    const later = [];
    for (let index = 0; index < 3; index++)
      later.push(await fileRequest(h, structure, { email: await addRequester(h, 3 + index) }));
    const runId = await startPrincipalBulkRun(h, { action: "VALIDATE" }, earlier);
    const { prisma } = h.database;
    await runBulkDecision(h.runtime.ctx, runId);

    // …then it meets the outage: every Slack call refused (429, then 500, one left hanging), SMTP down.
    h.slack.failFor("*", { status: 429, retryAfterSeconds: 1 }, 1500);
    h.slack.failFor("*", { status: 500 }, 3000);
    h.slack.failNext("chat.postMessage", { hangMs: 1000 });
    await h.smtp.stop();
    h.runtime.outbox.start();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await h.smtp.start();

    await eventually(
      async () => (await prisma.outboxMessage.count({ where: { status: "PENDING" } })) === 0,
      60_000,
    );
    expect(await prisma.outboxMessage.count({ where: { status: "FAILED" } })).toBe(0);
    expect(await prisma.outboxMessage.count({ where: { attempts: { gt: 1 } } })).toBeGreaterThan(0);
    expect(h.slack.rateLimited).toBeGreaterThan(0);

    // Each new request posted once, each decided one updated, one e-mail per requester, one summary.
    const shown = await prisma.requestMessage.findMany();
    expect(shown.map((message) => message.attachmentRequestId).sort()).toEqual([...earlier, ...later].sort());
    expect(shown.every((message) => message.permalink !== null)).toBe(true);
    const posted = h.slack.callsTo("chat.postMessage", { okOnly: true });
    expect(posted.filter((args) => args.channel === "CSTRUCT0001")).toHaveLength(6);
    expect(posted.filter((args) => String(args.text).startsWith("Validation de la sélection"))).toHaveLength(
      1,
    );
    for (const id of earlier) {
      const message = shown.find((candidate) => candidate.attachmentRequestId === id);
      const blocks = JSON.stringify(h.slack.message(message?.channelId ?? "", message?.ts ?? "")?.blocks);
      expect(blocks).not.toContain("attachment_request_validate");
    }
    const mails = h.smtp.messages.map((mail) => mail.to[0]).sort();
    expect(mails).toEqual(["demandeur.0@exemple.fr", "demandeur.1@exemple.fr", "demandeur.2@exemple.fr"]);
  }, 90_000);
});

describe("a delivery that fails for good", () => {
  const logs = captureLogs("warn");
  const h = useHarness({}, { logger: logs.logger });

  it("a request Slack refuses to post (channel_not_found) is marked FAILED once, counted on /healthz and /metrics, logged, and stays in the manager's list", async () => {
    const structure = await seedStructure(h);
    await h.settle();
    h.slack.failFor("chat.postMessage", { error: "channel_not_found" }, 60_000);
    const requestId = await fileRequest(h, structure);
    const { prisma } = h.database;
    await eventually(
      async () => (await prisma.outboxMessage.count({ where: { status: "PENDING" } })) === 0,
      10_000,
    );

    const failed = await prisma.outboxMessage.findMany({ where: { status: "FAILED" } });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: "SLACK_SHOW_REQUEST", attempts: 1 });
    expect(failed[0]?.payload).toMatchObject({ requestType: "attachment", requestId });
    expect(failed[0]?.lastError).toContain("channel_not_found");
    // Given up on, not retried: one refused post, and the request shown nowhere.
    await h.settle();
    expect(h.slack.calls.filter((call) => call.method === "chat.postMessage")).toHaveLength(1);
    expect(await prisma.requestMessage.count({ where: { attachmentRequestId: requestId } })).toBe(0);

    expect(await (await fetch(`${h.baseUrl}/healthz`)).json()).toMatchObject({
      outbox: { pending: 0, failed: 1 },
    });
    expect(await metricSample(h.baseUrl, "chorus_outbox_failed")).toBe(1);
    expect(await metricSample(h.baseUrl, "chorus_outbox_pending")).toBe(0);
    expect(logs.errors()).toContainEqual(
      expect.objectContaining({ msg: "delivery failed permanently", kind: "SLACK_SHOW_REQUEST" }),
    );

    // The manager still finds the request in /chorus demandes, and can decide it from there.
    h.slack.reset();
    const { status } = await h.command({
      userId: principal.slackId,
      text: "demandes",
      channelId: "CLIST00001",
    });
    expect(status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const opened = h.slack.callsTo("views.open", { okOnly: true })[0];
    expect(JSON.stringify(opened?.view)).toContain(`attachment:${requestId}`);
  });
});
