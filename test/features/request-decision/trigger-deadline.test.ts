import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ActionIds } from "../../../src/slack/ids.ts";
import { TRIGGER_DEADLINE_MS } from "../../../src/slack/listeners/trigger-deadline.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { snapshotDatabase } from "../../support/db-snapshot.ts";
import { captureLogs } from "../../support/log-capture.ts";
import { slackRequestsDone, slackRequestsHandled } from "../../support/metrics.ts";
import { lockReceipts, receiptsHeardBy } from "../../support/receipts.ts";
import { fileRequest, principal, STRUCTURE_CHANNEL, seedStructure } from "../../support/scenario.ts";
import { blockActionsPayload, sendInteraction } from "../../support/slack-requests.ts";
import { eventually } from "../../support/wait.ts";

const CLICK_AGAIN = "Slack n'a pas pu ouvrir la fenêtre à temps : cliquez à nouveau sur le bouton.";
const RUN_AGAIN = "Slack n'a pas pu ouvrir la fenêtre à temps : relancez la commande.";
const WARNING = "modal not opened: its trigger_id expired, the user is asked to click again";

describe("a modal that cannot open within the life of its trigger_id", () => {
  const logs = captureLogs("warn");
  const h = useHarness({}, { logger: logs.logger });

  /** A pending attachment request, its message posted in the structure's channel, and Slack's log cleared. */
  async function pendingRequestMessage() {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    h.slack.reset();
    logs.clear();
    ephemeralsBefore = h.slack.ephemerals.length;
    handledBefore = await slackRequestsHandled(h.baseUrl);
    return { requestId, messageTs: shown.ts };
  }

  /** Slack requests the app had finished handling before this test's click. */
  let handledBefore = 0;
  /** Once the click's listener is over, nothing more can come of it. */
  const clickHandled = () => slackRequestsDone(h.baseUrl, handledBefore);

  /** The fake Slack keeps every ephemeral message: those of this test. */
  let ephemeralsBefore = 0;
  const ephemerals = () =>
    h.slack.ephemerals.slice(ephemeralsBefore).map(({ channel, user, text }) => ({ channel, user, text }));

  /** "Valider" on the request's message, by its principal manager. */
  async function clickValider(requestId: string, messageTs: string): Promise<number> {
    return h.clickButton({
      userId: principal.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: STRUCTURE_CHANNEL,
      messageTs,
    });
  }

  /** Slack's calls, identity lookups aside (cached or not, depending on what came before). */
  const calls = () =>
    h.slack.calls
      .filter((call) => !call.method.startsWith("users."))
      .map((call) => [call.method, call.error ?? "ok"]);
  const warnings = () => logs.lines.map((line) => [line.level, line.msg, line.reason, line.toldBy]);

  it("tells the manager, by an ephemeral message in the channel, to click again when Slack answers expired_trigger_id to the Valider modal, logs one warning and changes nothing", async () => {
    const { requestId, messageTs } = await pendingRequestMessage();
    const before = await snapshotDatabase(h.database);
    h.slack.failNext("views.open", { error: "expired_trigger_id" });

    expect(await clickValider(requestId, messageTs)).toBe(200);

    await eventually(async () => ephemerals().length > 0);
    expect(ephemerals()).toEqual([
      { channel: STRUCTURE_CHANNEL, user: principal.slackId, text: CLICK_AGAIN },
    ]);
    await clickHandled();
    expect(calls()).toEqual([
      ["views.open", "expired_trigger_id"],
      ["chat.postEphemeral", "ok"],
    ]);
    expect(warnings()).toEqual([[40, WARNING, "expired_trigger_id", "ephemeral"]]);
    expect(logs.lines[0]).toMatchObject({ slackUserId: principal.slackId, method: "views.open" });
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it("does not try the Valider modal when the click's work comes more than 2.5 s after it arrived (its receipt's write held), and tells the manager to click again instead", async () => {
    const { requestId, messageTs } = await pendingRequestMessage();
    const before = await snapshotDatabase(h.database);
    // The click is acked at once; its work waits for its receipt, whose write the lock holds.
    await receiptsHeardBy(h.database, 1);
    const release = await lockReceipts(h.database);
    try {
      expect(await clickValider(requestId, messageTs)).toBe(200);
      await sleep(TRIGGER_DEADLINE_MS + 200);
    } finally {
      await release();
    }

    await eventually(async () => ephemerals().length > 0);
    expect(ephemerals()).toEqual([
      { channel: STRUCTURE_CHANNEL, user: principal.slackId, text: CLICK_AGAIN },
    ]);
    await clickHandled();
    expect(calls()).toEqual([["chat.postEphemeral", "ok"]]);
    expect(warnings()).toEqual([[40, WARNING, "late", "ephemeral"]]);
    expect(logs.lines[0]?.sinceReceivedMs).toBeGreaterThan(TRIGGER_DEADLINE_MS);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it("answers /chorus demandes privately, through the command's response URL, to run it again when Slack answers expired_trigger_id", async () => {
    await pendingRequestMessage();
    h.slack.failNext("views.open", { error: "expired_trigger_id" });

    expect(await h.commandAnswer(principal.slackId, "demandes", STRUCTURE_CHANNEL)).toBe(RUN_AGAIN);

    await clickHandled();
    expect(h.slack.responses.map((response) => response.body)).toEqual([
      { response_type: "ephemeral", text: RUN_AGAIN },
    ]);
    expect(calls()).toEqual([["views.open", "expired_trigger_id"]]);
    expect(ephemerals()).toEqual([]);
    expect(warnings()).toEqual([[40, WARNING, "expired_trigger_id", "response_url"]]);
  });

  it("tells the manager by a message from the app when a click on the Home tab's « Voir les demandes » meets expired_trigger_id, the Home tab having no channel", async () => {
    await pendingRequestMessage();
    h.slack.failNext("views.open", { error: "expired_trigger_id" });
    const payload = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.openPendingRequests,
      value: JSON.stringify({ kind: "attachment" }),
      view: { type: "home" },
    });

    expect((await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload })).status).toBe(200);

    await h.slack.waitFor((all) => all.some((call) => call.method === "chat.postMessage"));
    expect(h.slack.callsTo("chat.postMessage")).toEqual([
      { channel: principal.slackId, text: CLICK_AGAIN, team_id: "T0000TEST" },
    ]);
    await clickHandled();
    expect(calls()).toEqual([
      ["views.open", "expired_trigger_id"],
      ["chat.postMessage", "ok"],
    ]);
    expect(ephemerals()).toEqual([]);
    expect(warnings()).toEqual([[40, WARNING, "expired_trigger_id", "direct_message"]]);
  });
});
