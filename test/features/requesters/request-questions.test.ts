import { describe, expect, it } from "vitest";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { lastModal } from "../../support/fake-slack/index.ts";
import { fileRequest, outsider, principal, requester, seedStructure } from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";

const REQUESTER_DM = `D${requester.slackId.slice(1)}`;
const typed = (action: string, value: string) => ({
  [`${action}_block`]: { [action]: { type: "plain_text_input", value } },
});

describe("a conversation on a request", () => {
  const h = useHarness();

  /** A pending attachment request of `email`, shown in the structure's channel. */
  async function shownRequest(email = requester.email) {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure, { email });
    await h.settle();
    const copy = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    return { structure, requestId, copy };
  }

  /** Clicks a button as `userId` and returns the modal it opened (null: none). */
  async function click(
    userId: string,
    actionId: string,
    value: string,
    message?: { channel: string; ts: string },
  ) {
    const before = h.slack.callsTo("views.open").length;
    const told = h.slack.callsTo("chat.postEphemeral").length;
    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId,
        actionId,
        value,
        ...(message ? { channelId: message.channel, messageTs: message.ts } : {}),
      }),
    });
    expect(sent.status).toBe(200);
    // Its answer: a modal, or a notice only the clicker sees.
    await h.slack.waitFor(
      () =>
        h.slack.callsTo("views.open").length > before || h.slack.callsTo("chat.postEphemeral").length > told,
    );
    return h.slack.callsTo("views.open").length > before ? lastModal(h.slack, "views.open") : null;
  }

  async function ask(requestId: string, copy: { channelId: string; ts: string }, question: string) {
    const value = JSON.stringify({ type: "attachment", requestId });
    const modal = await click(principal.slackId, ActionIds.askQuestionOpen, value, {
      channel: copy.channelId,
      ts: copy.ts,
    });
    expect(modal?.callback_id).toBe(CallbackIds.askQuestionModal);
    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.askQuestionModal,
      privateMetadata: modal?.private_metadata ?? "",
      values: typed(ActionIds.askQuestionInput, question) as never,
    });
    await h.settle();
    return answer;
  }

  const threadOf = (copy: { channelId: string; ts: string }) =>
    h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === copy.channelId && args.thread_ts === copy.ts)
      .map((args) => String(args.text));

  it("sends a manager's question to the requester by DM, takes the answer from « Répondre » into the request's thread, and keeps both in the history", async () => {
    const { requestId, copy } = await shownRequest();
    expect(JSON.stringify(h.slack.message(copy.channelId, copy.ts)?.blocks)).toContain(
      ActionIds.askQuestionOpen,
    );

    const empty = await ask(requestId, copy, "  ");
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { [`${ActionIds.askQuestionInput}_block`]: "Ce champ est obligatoire." },
    });
    const asked = await ask(requestId, copy, "Dans quel service travaillez-vous ?");
    expect(JSON.stringify(asked.json)).toContain("La question est envoyée au demandeur");

    const dm = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .find((args) => args.channel === REQUESTER_DM);
    expect(JSON.stringify(dm?.blocks)).toContain("Dans quel service travaillez-vous ?");
    expect(threadOf(copy)).toEqual([
      `:question: Question de <@${principal.slackId}> au demandeur : Dans quel service travaillez-vous ?`,
    ]);
    const question = await h.database.prisma.requestQuestion.findFirstOrThrow();
    expect(question.dmChannelId).toBe(REQUESTER_DM);

    const form = await click(requester.slackId, ActionIds.answerQuestionOpen, question.id);
    expect(form?.callback_id).toBe(CallbackIds.answerQuestionModal);
    const submit = (userId: string) =>
      h.submitView({
        userId,
        callbackId: CallbackIds.answerQuestionModal,
        privateMetadata: question.id,
        values: typed(ActionIds.answerQuestionInput, "Au service RH.") as never,
      });
    expect(JSON.stringify((await submit(outsider.slackId)).json)).toContain(
      "Cette question ne porte pas sur l'une de vos demandes.",
    );
    expect(JSON.stringify((await submit(requester.slackId)).json)).toContain("Votre réponse est transmise");
    await h.settle();
    expect(threadOf(copy)).toContain(`:speech_balloon: Réponse de <@${requester.slackId}> : Au service RH.`);
    expect(JSON.stringify((await submit(requester.slackId)).json)).toContain(
      "Vous avez déjà répondu à cette question.",
    );

    const lines = await h.database.prisma.historyEntry.findMany({
      where: { action: { in: ["REQUEST_QUESTION_ASKED", "REQUEST_QUESTION_ANSWERED"] } },
      orderBy: { sequence: "asc" },
    });
    expect(lines.map((line) => [line.action, line.comment])).toEqual([
      ["REQUEST_QUESTION_ASKED", "Dans quel service travaillez-vous ?"],
      ["REQUEST_QUESTION_ANSWERED", "Au service RH."],
    ]);
  });

  it("takes a reply in the thread of the question's DM as the answer, and leaves other DM messages alone", async () => {
    const { requestId, copy } = await shownRequest();
    await ask(requestId, copy, "Quel est votre matricule ?");
    const question = await h.database.prisma.requestQuestion.findFirstOrThrow();
    const reply = (text: string, threadTs?: string) =>
      sendEvent({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        event: {
          type: "message",
          channel: REQUESTER_DM,
          channel_type: "im",
          user: requester.slackId,
          text,
          ts: `${Math.floor(Date.now() / 1000)}.000200`,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        },
      });

    await reply("Bonjour, une autre question sans rapport");
    await reply("Matricule 4521", question.dmTs ?? "");
    await h.slack.waitFor(() => threadOf(copy).some((text) => text.includes("Matricule 4521")));
    await h.settle();

    expect(threadOf(copy)).toEqual([
      `:question: Question de <@${principal.slackId}> au demandeur : Quel est votre matricule ?`,
      `:speech_balloon: Réponse de <@${requester.slackId}> : Matricule 4521`,
    ]);
    const acknowledged = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === REQUESTER_DM && args.thread_ts === question.dmTs);
    expect(acknowledged.map((args) => args.text)).toEqual([
      "Votre réponse est transmise aux gestionnaires de la structure.",
    ]);
    expect(
      await h.database.prisma.historyEntry.count({ where: { action: "REQUEST_QUESTION_ANSWERED" } }),
    ).toBe(1);
  });

  it("e-mails the question to a requester Slack does not know", async () => {
    await seedStructure(h);
    const created = await h.api("POST", "/api/v1/users", {
      loginEmail: "hors.slack@exemple.fr",
      firstName: "Hors",
      lastName: "Slack",
    });
    expect(created.status).toBe(201);
    const structure = await h.database.prisma.structure.findFirstOrThrow();
    const requestId = await fileRequest(
      h,
      { identifier: structure.identifier, designation: structure.designation },
      {
        email: "hors.slack@exemple.fr",
      },
    );
    await h.settle();
    const copy = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });

    await ask(requestId, copy, "Pouvez-vous préciser votre fonction ?");

    const mails = await h.smtp.waitForMessages(1);
    const mail = mails.find((candidate) => candidate.to.includes("hors.slack@exemple.fr"));
    expect(mail?.subject).toContain("Une question sur votre demande");
    expect(mail?.text).toContain("Pouvez-vous préciser votre fonction ?");
  });

  it("keeps « Poser une question » to the request's managers", async () => {
    const { requestId, copy } = await shownRequest();
    const value = JSON.stringify({ type: "attachment", requestId });
    expect(
      await click(outsider.slackId, ActionIds.askQuestionOpen, value, {
        channel: copy.channelId,
        ts: copy.ts,
      }),
    ).toBeNull();
    const refused = await h.submitView({
      userId: outsider.slackId,
      callbackId: CallbackIds.askQuestionModal,
      privateMetadata: value,
      values: typed(ActionIds.askQuestionInput, "Qui êtes-vous ?") as never,
    });
    expect(JSON.stringify(refused.json)).toContain("ni gestionnaire principal ni gestionnaire secondaire");
    expect(await h.database.prisma.requestQuestion.count()).toBe(0);
  });
});
