import { describe, expect, it } from "vitest";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { fileRequest, principal, requester, seedStructure } from "../support/scenario.ts";
import {
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  slackOption,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("Slack retries and double submissions", () => {
  const h = useHarness();

  /** A pending attachment request, posted in the structure's channel. */
  async function postedRequest() {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const shown = await eventually(() =>
      h.database.prisma.requestMessage.findFirst({ where: { attachmentRequestId: requestId } }),
    );
    return { structure, requestId, channel: shown.channelId, ts: shown.ts };
  }

  it("gives 1 decision, 1 e-mail, 1 history entry, 1 outbox e-mail and 1 message update for a submission retried by Slack and submitted twice", async () => {
    const { requestId, channel, ts } = await postedRequest();
    const payload = viewSubmissionPayload({
      userId: principal.slackId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata: JSON.stringify({ type: "attachment", requestId }),
      values: { [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Non" } } },
    });
    const send = (options: { timestamp: number; retryNum?: number; triggerId?: string }) =>
      sendInteraction({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        payload: options.triggerId ? { ...payload, trigger_id: options.triggerId } : payload,
        timestamp: options.timestamp,
        retryNum: options.retryNum,
        checkResponseWith: h.slack,
      });
    const timestamp = nowSeconds();

    const first = await send({ timestamp });
    await h.settle();
    const afterFirst = await snapshotDatabase(h.database);
    const retried = await send({ timestamp: timestamp + 1, retryNum: 1 });
    const retriedAgain = await send({ timestamp: timestamp + 2, retryNum: 2 });
    const doubleClick = await send({ timestamp: timestamp + 2, triggerId: "1.2.double-click" });
    await h.settle();

    expect(first.status).toBe(200);
    expect(first.json).toBeUndefined();
    for (const again of [retried, retriedAgain, doubleClick]) {
      expect(again.status).toBe(200);
      expect(JSON.stringify(again.json)).toContain(
        "Cette demande a déjà été traitée (refusée) par Paule Principale",
      );
    }
    expect(await snapshotDatabase(h.database)).toEqual(afterFirst);
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(1);
    expect(await h.database.prisma.outboxMessage.count({ where: { kind: "EMAIL" } })).toBe(1);
    expect(h.smtp.messages.map((mail) => mail.to)).toEqual([[requester.email]]);
    expect(
      h.slack.callsTo("chat.update").filter((call) => call.channel === channel && call.ts === ts),
    ).toHaveLength(1);
  });

  it("sets a structure's channel once (1 history entry) when Slack retries the slash command", async () => {
    const { structure } = await postedRequest();
    const command = (timestamp: number, retryNum?: number) =>
      sendSlashCommand({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        userId: principal.slackId,
        text: `canal ${structure.identifier}`,
        channelId: "CNEWCHAN01",
        responseUrl: h.slack.responseUrl(),
        timestamp,
        retryNum,
      });
    const timestamp = nowSeconds();

    expect((await command(timestamp)).status).toBe(200);
    await eventually(async () => h.slack.responses.length === 1);
    await h.settle();
    const afterFirst = await snapshotDatabase(h.database);
    expect((await command(timestamp + 1, 1)).status).toBe(200);
    await eventually(async () => h.slack.responses.length === 2);
    await h.settle();

    expect(await snapshotDatabase(h.database)).toEqual(afterFirst);
    expect(await h.database.prisma.historyEntry.count({ where: { action: "STRUCTURE_CHANNEL_SET" } })).toBe(
      1,
    );
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    expect(found.slackChannelId).toBe("CNEWCHAN01");
  });

  it("publishes the same Home tab and changes nothing when Slack retries app_home_opened (0 posts, 0 outbox rows)", async () => {
    await postedRequest();
    h.slack.reset();
    const before = await snapshotDatabase(h.database);
    const eventId = "EvRETRY00001";
    const event = { type: "app_home_opened", user: principal.slackId, channel: "DPRINC0001", tab: "home" };
    const timestamp = nowSeconds();

    for (const retryNum of [undefined, 1, 2]) {
      const sent = await sendEvent({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        event,
        eventId,
        timestamp: timestamp + (retryNum ?? 0),
        retryNum,
      });
      expect(sent.status).toBe(200);
    }
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.publish").length === 3);
    await h.settle();

    const published = h.slack.callsTo("views.publish").map((call) => JSON.stringify(call.view));
    expect(new Set(published).size).toBe(1);
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it("decides a bulk selection once (1 run, 1 history entry, 1 e-mail, 1 summary DM) when its submission arrives twice", async () => {
    const { requestId } = await postedRequest();
    const payload = viewSubmissionPayload({
      userId: principal.slackId,
      callbackId: CallbackIds.pendingListModal,
      privateMetadata: JSON.stringify({ structureId: null, type: null, page: 0 }),
      viewId: "VBULKLIST01",
      values: {
        [`${BlockIds.pendingSelectionPrefix}0`]: {
          [ActionIds.pendingSelection]: {
            type: "checkboxes",
            selected_options: [slackOption(`attachment:${requestId}`)],
          },
        },
        [BlockIds.bulkAction]: {
          [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
        },
      },
    });
    const timestamp = nowSeconds();

    const answers = await Promise.all(
      [0, 1].map((retryNum) =>
        sendInteraction({
          baseUrl: h.baseUrl,
          secret: SIGNING_SECRET,
          payload,
          timestamp: timestamp + retryNum,
          retryNum: retryNum || undefined,
          checkResponseWith: h.slack,
        }),
      ),
    );
    await eventually(
      async () => (await h.database.prisma.bulkRun.count({ where: { status: "RUNNING" } })) === 0,
    );
    await h.settle();

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const runs = await h.database.prisma.bulkRun.findMany({
      select: { status: true, _count: { select: { items: true } } },
    });
    expect(runs).toEqual([{ status: "DONE", _count: { items: 1 } }]);
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(1);
    expect(h.smtp.messages.map((mail) => mail.to)).toEqual([[requester.email]]);
    const summaries = h.slack
      .callsTo("chat.postMessage")
      .filter((call) => String(call.text).startsWith("Validation de la sélection"));
    expect(summaries).toHaveLength(1);
  });
});
