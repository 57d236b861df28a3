import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { type Runtime, startRuntime } from "../../src/runtime.ts";
import { RECEIPTS_CHANNEL } from "../../src/services/slack-workspace/slack-request-receipts.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { API_TOKEN, type Harness, SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { captureLogs } from "../support/log-capture.ts";
import { metricSample, slackRequestsDone, slackRequestsHandled } from "../support/metrics.ts";
import { lockReceipts, receiptsHeardBy as receiptsHeard, stillPendingAfter } from "../support/receipts.ts";
import { fileRequest, principal, STRUCTURE_CHANNEL, seedStructure } from "../support/scenario.ts";
import {
  blockActionsPayload,
  eventCallbackPayload,
  sendInteraction,
  sendSlackRequest,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

/** Another app process on the same database: what a second replica behind the load balancer is. */
async function startReplica(h: Harness, logger = createLogger("silent")): Promise<Runtime> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: h.slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: h.slack.apiUrl,
    PORT: "0",
    SMTP_URL: h.smtp.url,
    MAIL_FROM: "Chorus Pro <ne-pas-repondre@chorus.test>",
    API_TOKENS: API_TOKEN,
    LOG_LEVEL: "silent",
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
    BULK_RECOVERY_CRON: "off",
  });
  return startRuntime(config, { database: h.database, logger });
}

/** Waits until `count` replicas listen to each other's receipts, then a moment for their first load. */
const receiptsHeardBy = (h: Harness, count: number) => receiptsHeard(h.database, count);

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Replays the app at `baseUrl` refused before Bolt saw them (an event waits there for its receipt). */
const replaysRefusedBeforeBolt = async (baseUrl: string) =>
  (await metricSample(baseUrl, 'chorus_slack_requests_refused_total{reason="replay"}')) ?? 0;

describe("Slack request authenticity", () => {
  const logs = captureLogs("warn");
  const h = useHarness({}, { logger: logs.logger });

  /** A pending request, and the refusal modal's submission for it (not sent yet). */
  async function pendingRequestAndRefusal() {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    return { requestId, payload: refusal(requestId, "Non") };
  }

  /** The submission of the refusal modal of request `requestId`, with `reason`. */
  function refusal(requestId: string, reason: string) {
    return viewSubmissionPayload({
      userId: principal.slackId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata: JSON.stringify({ type: "attachment", requestId }),
      values: { [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: reason } } },
    });
  }

  /** A click on the message of request `requestId`: "Valider", which opens the decision modal. */
  function validateClick(requestId: string) {
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      buttonText: "Valider",
      channelId: STRUCTURE_CHANNEL,
    });
    return { payload, timestamp: nowSeconds() };
  }

  /** A pending request, and a click on its message's "Valider" (not sent yet). */
  async function pendingRequestAndClick() {
    const { requestId } = await pendingRequestAndRefusal();
    return validateClick(requestId);
  }

  const modalsOpened = () => h.slack.callsTo("views.open", { okOnly: true }).length;

  async function requestStatus(requestId: string): Promise<string> {
    return (await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json.status;
  }

  it("answers 401 to 2 requests signed wrongly (forged signature, wrong secret): 0 rows changed, 0 receipts, 0 Slack calls", async () => {
    const { requestId, payload } = await pendingRequestAndRefusal();
    const before = await snapshotDatabase(h.database);
    h.slack.reset();

    const forged = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      signature: `v0=${"0".repeat(64)}`,
    });
    const wrongSecret = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: "not-the-secret-at-all",
      payload,
    });

    expect([forged.status, wrongSecret.status]).toEqual([401, 401]);
    expect(await requestStatus(requestId)).toBe("PENDING");
    expect(await snapshotDatabase(h.database)).toEqual(before);
    expect(await h.database.prisma.slackRequestReceipt.count()).toBe(0);
    expect(h.slack.calls).toEqual([]);
  });

  it("answers 401 to a correctly signed request whose timestamp is 6 minutes old and changes nothing", async () => {
    const { requestId, payload } = await pendingRequestAndRefusal();
    const before = await snapshotDatabase(h.database);

    const stale = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      timestamp: nowSeconds() - 6 * 60,
    });

    expect(stale.status).toBe(401);
    expect(await requestStatus(requestId)).toBe("PENDING");
    expect(await snapshotDatabase(h.database)).toEqual(before);
    expect(await h.database.prisma.slackRequestReceipt.count()).toBe(0);
  });

  it("answers 401 to a correctly signed request stamped 6 minutes ahead, which could otherwise be replayed once its receipt is purged, and changes nothing", async () => {
    const { requestId, payload } = await pendingRequestAndRefusal();
    const before = await snapshotDatabase(h.database);

    const ahead = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      timestamp: nowSeconds() + 6 * 60,
    });
    expect(ahead.status).toBe(401);
    expect(await requestStatus(requestId)).toBe("PENDING");
    expect(await snapshotDatabase(h.database)).toEqual(before);
    expect(await h.database.prisma.slackRequestReceipt.count()).toBe(0);

    // Slack's clock and ours a few seconds apart: the same submission stamped 30 s ahead goes through.
    const slightlyAhead = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload,
      timestamp: nowSeconds() + 30,
    });
    expect(slightlyAhead.status).toBe(200);
    expect(await requestStatus(requestId)).toBe("REFUSED");
  });

  it("answers 401 to the exact same signed request replayed within 5 minutes, on the same replica and on another (1 accepted, 2 replays refused)", async () => {
    const { requestId, payload } = await pendingRequestAndRefusal();
    const timestamp = nowSeconds();
    const send = (baseUrl: string) =>
      sendInteraction({ baseUrl, secret: SIGNING_SECRET, payload, timestamp });

    const first = await send(h.baseUrl);
    expect(first.status).toBe(200);
    expect(await requestStatus(requestId)).toBe("REFUSED");

    const replica = await startReplica(h);
    logs.clear();
    try {
      const replays = [await send(h.baseUrl), await send(`http://127.0.0.1:${replica.port}`)];
      expect(replays.map((replay) => replay.status)).toEqual([401, 401]);
    } finally {
      await replica.stop();
    }
    // One warning from this replica (the other one logs nothing here), no error line.
    expect(logs.lines.map((line) => [line.level, line.msg])).toEqual([
      [40, "replayed Slack request refused"],
    ]);
    // The embedded database writes its receipts once the burst's acks are sent.
    await eventually(async () => (await h.database.prisma.slackRequestReceipt.count()) === 1);
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(1);
  });

  it("accepts exactly 1 of 20 copies of one signed request sent at once to two replicas", async () => {
    const { requestId, payload } = await pendingRequestAndRefusal();
    const timestamp = nowSeconds();
    const replica = await startReplica(h);
    try {
      const baseUrls = [h.baseUrl, `http://127.0.0.1:${replica.port}`];
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          sendInteraction({
            baseUrl: baseUrls[index % 2] as string,
            secret: SIGNING_SECRET,
            payload,
            timestamp,
          }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(19);
    } finally {
      await replica.stop();
    }
    expect(await requestStatus(requestId)).toBe("REFUSED");
  });

  it("answers 401 to a click on « Valider » replayed on the same replica and on another once it was recorded (1 modal opened)", async () => {
    const { payload, timestamp } = await pendingRequestAndClick();
    const send = (baseUrl: string) =>
      sendInteraction({ baseUrl, secret: SIGNING_SECRET, payload, timestamp });
    const replica = await startReplica(h);
    const replicaUrl = `http://127.0.0.1:${replica.port}`;
    try {
      h.slack.reset();
      const handledBefore = await slackRequestsHandled(h.baseUrl);
      const replaysBefore = await slackRequestsHandled(h.baseUrl, "replay");
      expect((await send(h.baseUrl)).status).toBe(200);
      await slackRequestsDone(h.baseUrl, handledBefore);

      const replays = [await send(h.baseUrl), await send(replicaUrl)];

      expect(replays.map((replay) => replay.status)).toEqual([401, 401]);
      // Their handling is over when they are answered: each stopped as a replay, before any listener.
      expect(await slackRequestsHandled(h.baseUrl, "replay")).toBe(replaysBefore + 1);
      expect(await slackRequestsHandled(replicaUrl, "replay")).toBe(1);
      expect(modalsOpened()).toBe(1);
    } finally {
      await replica.stop();
    }
  });

  it("answers 401 to a signed Events API request (app_home_opened) replayed with its event_id, signature and timestamp, on the same replica and on another (1 Home tab published)", async () => {
    await seedStructure(h);
    const body = JSON.stringify(
      eventCallbackPayload({
        event: { type: "app_home_opened", user: principal.slackId, channel: "DPRINC0001", tab: "home" },
        eventId: "EvREPLAY00001",
      }),
    );
    const timestamp = nowSeconds();
    const send = (baseUrl: string) =>
      sendSlackRequest({ baseUrl, secret: SIGNING_SECRET, body, contentType: "application/json", timestamp });
    const homesPublished = () => h.slack.callsTo("views.publish").length;
    const replica = await startReplica(h);
    const replicaUrl = `http://127.0.0.1:${replica.port}`;
    try {
      h.slack.reset();
      logs.clear();
      const handledBefore = await slackRequestsHandled(h.baseUrl);
      const refusedBefore = await replaysRefusedBeforeBolt(h.baseUrl);
      expect((await send(h.baseUrl)).status).toBe(200);
      await slackRequestsDone(h.baseUrl, handledBefore);

      const replays = [await send(h.baseUrl), await send(replicaUrl)];

      expect(replays.map((replay) => replay.status)).toEqual([401, 401]);
      // An event waits for its receipt before Bolt: each replay was refused there, answered, and done.
      expect(await replaysRefusedBeforeBolt(h.baseUrl)).toBe(refusedBefore + 1);
      expect(await replaysRefusedBeforeBolt(replicaUrl)).toBe(1);
      expect(await slackRequestsHandled(h.baseUrl)).toBe(handledBefore + 1);
      expect(await slackRequestsHandled(replicaUrl)).toBe(0);
      await h.settle();
      expect(homesPublished()).toBe(1);
    } finally {
      await replica.stop();
    }
    expect(logs.lines.filter((line) => line.msg === "replayed Slack request refused")).toHaveLength(1);
  });

  it("acks a click at once while its receipt waits for the database, and opens its modal only once it is written; a modal submission waits for its receipt before its answer", async () => {
    const { requestId } = await pendingRequestAndRefusal();
    const click = validateClick(requestId);
    // A refusal with no reason: answered with the field's error, so the request stays pending.
    const submission = refusal(requestId, "");
    await receiptsHeardBy(h, 1);
    h.slack.reset();
    const release = await lockReceipts(h.database);
    let submitted: ReturnType<typeof sendInteraction> | undefined;
    try {
      const clicked = sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, ...click });
      // Answered while the receipt's write is held: had the ack waited for it, it would never come.
      expect(await stillPendingAfter(clicked, 10_000)).toBe(false);
      expect((await clicked).status).toBe(200);
      submitted = sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: submission });
      expect(await stillPendingAfter(submitted, 300)).toBe(true);
      expect(modalsOpened()).toBe(0);
    } finally {
      await release();
    }
    await h.slack.waitFor(() => modalsOpened() === 1);
    const answer = await submitted;
    expect(answer?.status).toBe(200);
    expect(answer?.json).toMatchObject({ response_action: "errors" });
    expect(await h.database.prisma.slackRequestReceipt.count()).toBe(2);
  });

  it("opens 1 modal for a click sent to two replicas at once before either wrote its receipt, and logs the other copy as a replay", async () => {
    const { payload, timestamp } = await pendingRequestAndClick();
    const replica = await startReplica(h, logs.logger);
    const urls = [h.baseUrl, `http://127.0.0.1:${replica.port}`];
    /** Slack requests both replicas have finished handling with `outcome`. */
    const handled = async (outcome: string) =>
      (await Promise.all(urls.map((url) => slackRequestsHandled(url, outcome)))).reduce((a, b) => a + b);
    try {
      await receiptsHeardBy(h, 2);
      h.slack.reset();
      logs.clear();
      const [okBefore, replaysBefore] = [await handled("ok"), await handled("replay")];
      const release = await lockReceipts(h.database);
      let answers: number[];
      try {
        answers = await Promise.all(
          urls.map(
            async (baseUrl) =>
              (await sendInteraction({ baseUrl, secret: SIGNING_SECRET, payload, timestamp })).status,
          ),
        );
      } finally {
        await release();
      }
      // Neither replica knew of the other's copy: both acked it; the database told which one was first.
      expect(answers).toEqual([200, 200]);
      // The first copy's modal opens once its receipt is written, a moment after the other is refused:
      // once both copies' handling is over, one went through and the other stopped as a replay.
      const outcomes = async () => [
        (await handled("ok")) - okBefore,
        (await handled("replay")) - replaysBefore,
      ];
      await eventually(async () => (await outcomes()).reduce((a, b) => a + b) >= 2);
      expect(await outcomes()).toEqual([1, 1]);
      expect(modalsOpened()).toBe(1);
      expect(logs.lines.map((line) => [line.level, line.msg, line.acknowledged])).toEqual([
        [40, "replayed Slack request refused", true],
      ]);
    } finally {
      await replica.stop();
    }
  });

  it("listens again after its notification session is cut, then refuses at once a replay recorded meanwhile and acks new clicks at once", async () => {
    const { requestId } = await pendingRequestAndRefusal();
    const { payload, timestamp } = validateClick(requestId);
    const replica = await startReplica(h, logs.logger);
    try {
      await receiptsHeardBy(h, 2);
      logs.clear();
      h.slack.reset();
      // Both replicas' sessions are cut; one of them records the click meanwhile.
      await h.database.prisma.$executeRaw`
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = ${`chorus:${RECEIPTS_CHANNEL}`}`;
      expect(
        (await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload, timestamp })).status,
      ).toBe(200);
      await h.slack.waitFor(() => modalsOpened() === 1);
      await receiptsHeardBy(h, 2);

      // With the table locked, only a replica that knows the receipt in memory refuses the replay at
      // once, and only one that has loaded the table again acks a new click at once.
      const baseUrls = [h.baseUrl, `http://127.0.0.1:${replica.port}`];
      const release = await lockReceipts(h.database);
      try {
        const replays = Promise.all(
          baseUrls.map((baseUrl) => sendInteraction({ baseUrl, secret: SIGNING_SECRET, payload, timestamp })),
        );
        const newClicks = Promise.all(
          baseUrls.map((baseUrl) =>
            sendInteraction({ baseUrl, secret: SIGNING_SECRET, ...validateClick(requestId) }),
          ),
        );
        // All answered while the receipts' writes are held: none waited for the database.
        expect(await stillPendingAfter(Promise.all([replays, newClicks]), 10_000)).toBe(false);
        expect((await replays).map((replay) => replay.status)).toEqual([401, 401]);
        expect((await newClicks).map((click) => click.status)).toEqual([200, 200]);
      } finally {
        await release();
      }
      await h.slack.waitFor(() => modalsOpened() === 3);
      expect(logs.lines.map((line) => line.msg)).toContain(
        "Slack request receipts of the other replicas not heard: replays wait for the database until listening again",
      );
    } finally {
      await replica.stop();
    }
  });

  it("forgets receipts older than 10 minutes and keeps the recent ones", async () => {
    const { payload } = await pendingRequestAndRefusal();
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await h.database.prisma.slackRequestReceipt.createMany({
      data: [
        { signature: "v0=old", receivedAt: minutesAgo(11) },
        { signature: "v0=recent", receivedAt: minutesAgo(4) },
      ],
    });
    // A replica that has not purged yet purges on its first accepted request.
    const replica = await startReplica(h);
    try {
      const sent = await sendInteraction({
        baseUrl: `http://127.0.0.1:${replica.port}`,
        secret: SIGNING_SECRET,
        payload,
      });
      expect(sent.status).toBe(200);
      // The old one purged, the new one written (after the acks, on the embedded database).
      await eventually(
        async () =>
          (await h.database.prisma.slackRequestReceipt.count({ where: { signature: "v0=old" } })) === 0 &&
          (await h.database.prisma.slackRequestReceipt.count()) === 2,
      );
    } finally {
      await replica.stop();
    }
    const left = await h.database.prisma.slackRequestReceipt.findMany({ select: { signature: true } });
    expect(left.map((receipt) => receipt.signature)).toContain("v0=recent");
    expect(left).toHaveLength(2);
  });
});
