import { describe, expect, it } from "vitest";
import { messagesFor } from "../../src/i18n/index.ts";
import { ActionIds, BlockIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { captureLogs } from "../support/log-capture.ts";
import {
  fileRequest,
  makeSecondaryManager,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../support/scenario.ts";
import {
  blockActionsPayload,
  newTriggerId,
  type SlackStateValues,
  sendInteraction,
  slackOption,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

const CONCURRENCY = 100;
const fr = messagesFor("fr");

/** The n-th click: by the principal or the secondary manager, on "Valider" or "Refuser". */
function clicker(n: number) {
  return {
    userId: n % 2 === 0 ? principal.slackId : secondary.slackId,
    decision: n % 4 < 2 ? ("validate" as const) : ("refuse" as const),
  };
}

/** What a manager fills in the modal of `decision`. */
function filledIn(decision: "validate" | "refuse", n: number): SlackStateValues {
  return decision === "validate"
    ? {
        [BlockIds.role]: {
          [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SIMPLE_USER") },
        },
      }
    : { [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: `Non (${n})` } } };
}

describe("100 concurrent decisions on one request", () => {
  const logs = captureLogs("error");
  const h = useHarness({}, { logger: logs.logger });

  it("turns 100 concurrent signed clicks then 100 concurrent modal submissions by two managers into exactly 1 decision, 1 e-mail, 1 history entry and 1 message update; the 99 others are told 'déjà traitée'", async () => {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const { channelId, ts } = await eventually(() =>
      h.database.prisma.requestMessage.findFirst({ where: { attachmentRequestId: requestId } }),
    );
    logs.clear();
    h.slack.reset();
    const beforeClicks = await snapshotDatabase(h.database);

    // 100 clicks at once: each opens its modal, none changes anything.
    const clickers = new Map<string, { n: number; userId: string; decision: "validate" | "refuse" }>();
    const clicks = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, n) => {
        const { userId, decision } = clicker(n);
        const triggerId = newTriggerId();
        clickers.set(triggerId, { n, userId, decision });
        const actionId =
          decision === "validate" ? ActionIds.validateAttachmentRequest : ActionIds.refuseAttachmentRequest;
        const payload = blockActionsPayload({
          userId,
          actionId,
          value: requestId,
          channelId,
          messageTs: ts,
          triggerId,
          responseUrl: h.slack.responseUrl(),
        });
        return sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload });
      }),
    );
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.open").length === CONCURRENCY,
      30_000,
    );
    expect(clicks.map((click) => click.status)).toEqual(Array(CONCURRENCY).fill(200));
    expect(h.slack.callsTo("views.open", { okOnly: true })).toHaveLength(CONCURRENCY);
    expect(h.slack.callsTo("chat.postEphemeral")).toHaveLength(0);
    expect(await snapshotDatabase(h.database)).toEqual(beforeClicks);

    // The 100 modals submitted at once.
    const modals = [...h.slack.views.values()].flatMap((stored) => {
      const opener = clickers.get(stored.triggerId ?? "");
      return opener ? [{ stored, ...opener }] : [];
    });
    expect(modals).toHaveLength(CONCURRENCY);
    const answers = await Promise.all(
      modals.map(({ stored, n, userId, decision }) =>
        sendInteraction({
          baseUrl: h.baseUrl,
          secret: SIGNING_SECRET,
          checkResponseWith: h.slack,
          payload: viewSubmissionPayload({
            userId,
            viewId: stored.id,
            hash: stored.hash,
            callbackId: String(stored.view.callback_id),
            privateMetadata: String(stored.view.private_metadata),
            values: filledIn(decision, n),
          }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(CONCURRENCY).fill(200));

    // What each manager finally sees: the modal closed, or the text it shows last (a submission
    // acknowledged as pending under load gets its outcome by views.update).
    const pending = answers.filter((answer) =>
      String(JSON.stringify(answer.json)).includes(fr.decisionOutcomeModal.inProgress),
    );
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.update").length === pending.length,
      30_000,
    );
    const finalTexts = modals.map(({ stored }, index) => {
      const updates = h.slack.callsTo("views.update").filter((call) => call.view_id === stored.id);
      const last = updates.at(-1)?.view ?? answers[index]?.json;
      return last === undefined ? "closed" : JSON.stringify(last);
    });
    const winners = finalTexts.filter(
      (text) => text === "closed" || text.includes(fr.decisionOutcomeModal.recorded),
    );
    const losers = finalTexts.filter((text) => text.includes("Cette demande a déjà été traitée"));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(CONCURRENCY - 1);

    await h.settle();
    const request = await h.database.prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).not.toBe("PENDING");
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(1);
    expect(
      await h.database.prisma.attachment.count({
        where: { user: { loginEmail: requester.email }, status: "VALIDATED" },
      }),
    ).toBe(request.status === "VALIDATED" ? 1 : 0);
    const emails = await h.database.prisma.outboxMessage.findMany({ where: { kind: "EMAIL" } });
    expect(emails.map((email) => email.status)).toEqual(["DONE"]);
    expect(h.smtp.messages.map((mail) => mail.to)).toEqual([[requester.email]]);
    const updates = h.slack
      .callsTo("chat.update")
      .filter((call) => call.channel === channelId && call.ts === ts);
    expect(updates).toHaveLength(1);
    expect(logs.errors()).toEqual([]);
  }, 180_000);
});
