import { describe, expect, it } from "vitest";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import { blockById, elementsOf, lastModal, optionsOf } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  STRUCTURE_CHANNEL,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { slackOption } from "../../support/slack-requests.ts";
import { eventually } from "../../support/wait.ts";

const services = [
  { code: "COMPTA", label: "Comptabilité" },
  { code: "RH", label: "Ressources humaines" },
  { code: "TECH", label: "Services techniques" },
];

function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe("the attachment-request flow", () => {
  const h = useHarness();

  /** Submits the "Refuser" modal as `userId` would. */
  function submitRefusal(userId: string, privateMetadata: string, reason: string) {
    return h.submitView({
      userId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata,
      values: { [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: reason } } },
    });
  }

  async function postedRequest(requestId: string) {
    await h.settle();
    const posted = h.slack.callsTo("chat.postMessage", { okOnly: true });
    const message = posted.find((args) => blocksText(args.blocks).includes(requestId));
    if (!message) throw new Error("the request was not posted");
    const record = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    return { args: message, channel: record.channelId, ts: record.ts };
  }

  async function openedModal(callbackId: string) {
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const view = lastModal(h.slack, "views.open");
    expect(view.callback_id).toBe(callbackId);
    return { ...view, private_metadata: view.private_metadata ?? "" };
  }

  it("posts a new request in the structure's channel with its details and the Valider and Refuser buttons", async () => {
    const structure = await seedStructure(h, { services });
    const requestId = await fileRequest(h, structure, {
      serviceCodes: ["RH"],
      comment: "Je remplace Mme Martin.",
    });

    const { args, channel } = await postedRequest(requestId);

    expect(channel).toBe(STRUCTURE_CHANNEL);
    const text = blocksText(args.blocks);
    expect(text).toContain("Mairie de Saint-Exemple");
    expect(text).toContain(structure.identifier);
    expect(text).toContain("René Demandeur (rene.demandeur@exemple.fr)");
    expect(text).toContain("Ressources humaines (RH)");
    expect(text).toContain("Je remplace Mme Martin.");
    expect(text).toContain('"text":"Valider"');
    expect(text).toContain('"text":"Refuser"');
  });

  it("sends the request by DM to each manager known in Slack when the structure has no channel", async () => {
    const structure = await seedStructure(h, { channel: null });
    await makeSecondaryManager(h, structure);
    const requestId = await fileRequest(h, structure);
    await h.settle();

    const shown = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: requestId },
    });
    expect(shown.map((message) => message.channelId).sort()).toEqual(
      [principal.slackId, secondary.slackId].map((id) => `D${id.slice(1)}`).sort(),
    );
    expect(h.slack.callsTo("users.lookupByEmail").map((args) => args.email)).toEqual(
      expect.arrayContaining([principal.email, secondary.email]),
    );
  });

  it("validates a request from the modal: attachment granted, message updated in place, e-mail sent, history written", async () => {
    const structure = await seedStructure(h, { services });
    const requestId = await fileRequest(h, structure, { serviceCodes: ["RH", "TECH"] });
    const { channel, ts } = await postedRequest(requestId);

    expect(
      await h.clickButton({
        userId: principal.slackId,
        actionId: ActionIds.validateAttachmentRequest,
        value: requestId,
        channelId: channel,
        messageTs: ts,
      }),
    ).toBe(200);
    const view = await openedModal(CallbackIds.validateAttachmentModal);
    const servicesBlock = blockById(view, BlockIds.services);
    expect(elementsOf(servicesBlock)[0]?.type).toBe("checkboxes");
    expect(optionsOf(servicesBlock).initial.map((option) => option.text.text)).toEqual([
      "Ressources humaines (RH)",
      "Services techniques (TECH)",
    ]);
    expect(optionsOf(blockById(view, BlockIds.role)).initial[0]?.value).toBe("SIMPLE_USER");

    const rh = await h.database.prisma.service.findFirstOrThrow({ where: { code: "RH" } });
    const submitted = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.validateAttachmentModal,
      privateMetadata: view.private_metadata,
      values: {
        [BlockIds.role]: {
          [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SECONDARY_MANAGER") },
        },
        [BlockIds.wholeStructure]: {
          [ActionIds.wholeStructureInput]: { type: "checkboxes", selected_options: [] },
        },
        [BlockIds.services]: {
          [ActionIds.servicesInput]: { type: "checkboxes", selected_options: [slackOption(rh.id)] },
        },
        [BlockIds.comment]: { [ActionIds.commentInput]: { type: "plain_text_input", value: "Bienvenue" } },
      },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toBeNull();

    await h.settle();
    const request = await h.api("GET", `/api/v1/attachment-requests/${requestId}`);
    expect(request.json).toMatchObject({
      status: "VALIDATED",
      decision: {
        outcome: "VALIDATED",
        decidedBy: "Paule Principale",
        role: "SECONDARY_MANAGER",
        serviceCodes: ["RH"],
        comment: "Bienvenue",
      },
    });
    const attachments = await h.database.prisma.attachment.findMany({
      where: { user: { loginEmail: requester.email } },
    });
    expect(attachments).toMatchObject([{ serviceId: rh.id, role: "SECONDARY_MANAGER", status: "VALIDATED" }]);

    const updated = h.slack.message(channel, ts);
    const updatedText = blocksText(updated?.blocks);
    expect(updatedText).toContain(`Validée par <@${principal.slackId}> le`);
    expect(updatedText).toContain("Gestionnaire secondaire");
    expect(updatedText).not.toContain(ActionIds.validateAttachmentRequest);

    await h.smtp.waitForMessages(1);
    expect(h.smtp.messages).toHaveLength(1);
    const mail = h.smtp.messages[0];
    expect(mail?.to).toEqual([requester.email]);
    expect(mail?.subject).toContain("est validée");
    expect(mail?.text).toContain("Rôle : Gestionnaire secondaire");
    expect(mail?.html).toContain("Rôle : Gestionnaire secondaire");
    expect(mail?.headers.get("auto-submitted")).toBe("auto-generated");

    const history = await h.database.prisma.historyEntry.findMany({
      where: { action: "ATTACHMENT_VALIDATED" },
    });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      attachmentRequestId: requestId,
      comment: "Bienvenue",
      actorSlackUserId: principal.slackId,
    });
  });

  it("refuses a request with a reason, and rejects an empty or too long reason with a field error", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    const { channel, ts } = await postedRequest(requestId);
    await h.clickButton({
      userId: principal.slackId,
      actionId: ActionIds.refuseAttachmentRequest,
      value: requestId,
      channelId: channel,
      messageTs: ts,
    });
    const view = await openedModal(CallbackIds.refuseRequestModal);
    const empty = await submitRefusal(principal.slackId, view.private_metadata, "   ");
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { [BlockIds.reason]: "Indiquez le motif du refus." },
    });
    const tooLong = await submitRefusal(principal.slackId, view.private_metadata, "x".repeat(1001));
    expect(tooLong.json).toEqual({
      response_action: "errors",
      errors: { [BlockIds.reason]: "1000 caractères au maximum." },
    });
    expect((await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json.status).toBe("PENDING");

    const refused = await submitRefusal(
      principal.slackId,
      view.private_metadata,
      "Vous ne faites pas partie de la structure.",
    );
    expect(refused.json).toBeNull();
    await h.settle();

    expect((await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json).toMatchObject({
      status: "REFUSED",
      decision: { outcome: "REFUSED", reason: "Vous ne faites pas partie de la structure." },
    });
    expect(blocksText(h.slack.message(channel, ts)?.blocks)).toContain(`Refusée par <@${principal.slackId}>`);
    await h.smtp.waitForMessages(1);
    expect(h.smtp.messages[0]?.text).toContain("Motif du refus : Vous ne faites pas partie de la structure.");
    expect(
      await h.database.prisma.attachment.count({ where: { user: { loginEmail: requester.email } } }),
    ).toBe(0);
  });

  it("refuses the buttons to someone who is not a manager of the structure, logs it and changes nothing", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    const { channel, ts } = await postedRequest(requestId);

    await h.clickButton({
      userId: outsider.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: channel,
      messageTs: ts,
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "chat.postEphemeral"));

    expect(h.slack.callsTo("chat.postEphemeral")[0]).toMatchObject({ user: outsider.slackId, channel });
    expect(String(h.slack.callsTo("chat.postEphemeral")[0]?.text)).toContain(
      "ni gestionnaire principal ni gestionnaire secondaire",
    );
    expect(h.slack.callsTo("views.open")).toHaveLength(0);

    // Even a forged submission of the modal is refused on the server.
    const forged = await submitRefusal(
      outsider.slackId,
      JSON.stringify({ type: "attachment", requestId }),
      "non",
    );
    expect(forged.json.response_action).toBe("update");
    expect((await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json.status).toBe("PENDING");
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(0);
  });

  it("answers a click on a decided request with 'déjà traitée par … le …' and refreshes that message", async () => {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const requestId = await fileRequest(h, structure);
    const { channel, ts } = await postedRequest(requestId);
    await h.clickButton({
      userId: principal.slackId,
      actionId: ActionIds.refuseAttachmentRequest,
      value: requestId,
      channelId: channel,
      messageTs: ts,
    });
    const view = await openedModal(CallbackIds.refuseRequestModal);
    await submitRefusal(principal.slackId, view.private_metadata, "Doublon");
    await h.settle();
    h.slack.reset();

    await h.clickButton({
      userId: secondary.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: channel,
      messageTs: ts,
    });
    await h.slack.waitFor((calls) =>
      ["chat.postEphemeral", "chat.update"].every((method) => calls.some((call) => call.method === method)),
    );

    const ephemeral = String(h.slack.callsTo("chat.postEphemeral")[0]?.text);
    expect(ephemeral).toMatch(
      /^Cette demande a déjà été traitée \(refusée\) par Paule Principale le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}\.$/,
    );
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(h.slack.callsTo("chat.update")[0]).toMatchObject({ channel, ts });
  });

  it("gives exactly one decision, one history entry and one e-mail when two managers submit at once", async () => {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const requestId = await fileRequest(h, structure);
    await postedRequest(requestId);
    const metadata = JSON.stringify({ type: "attachment", requestId });
    const validate = (userId: string) =>
      h.submitView({
        userId,
        callbackId: CallbackIds.validateAttachmentModal,
        privateMetadata: metadata,
        values: {
          [BlockIds.role]: {
            [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SIMPLE_USER") },
          },
        },
      });
    const refuse = (userId: string) => submitRefusal(userId, metadata, "Non");

    const answers = await Promise.all([
      validate(principal.slackId),
      refuse(secondary.slackId),
      validate(principal.slackId),
      validate(secondary.slackId),
    ]);
    await h.settle();

    expect(answers.filter((answer) => answer.json === null)).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.json !== null)) {
      expect(JSON.stringify(loser.json.view)).toContain("Cette demande a déjà été traitée");
    }
    expect(await h.database.prisma.historyEntry.count({ where: { attachmentRequestId: requestId } })).toBe(1);
    // The outbox settled: its one e-mail is delivered, and no other is left to send.
    expect(
      await h.database.prisma.outboxMessage.findMany({ where: { kind: "EMAIL" }, select: { status: true } }),
    ).toEqual([{ status: "DONE" }]);
    expect(h.smtp.messages).toHaveLength(1);
  });

  it("keeps the e-mail through an SMTP outage and delivers it exactly once when the server is back", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await postedRequest(requestId);
    await h.smtp.stop();

    await submitRefusal(
      principal.slackId,
      JSON.stringify({ type: "attachment", requestId }),
      "Hors périmètre",
    );
    const waiting = await eventually(() =>
      h.database.prisma.outboxMessage.findFirst({ where: { kind: "EMAIL", lastError: { not: null } } }),
    );
    expect(waiting.status).toBe("PENDING");
    expect(waiting.attempts).toBeGreaterThanOrEqual(1);
    expect(waiting.lastError).toMatch(/SMTP/);

    await h.smtp.start();
    await h.database.prisma.outboxMessage.update({
      where: { id: waiting.id },
      data: { availableAt: new Date() },
    });
    await h.settle();
    await h.smtp.waitForMessages(1);
    await h.runtime.outbox.runOnce();
    expect(h.smtp.messages).toHaveLength(1);
    expect(h.smtp.messages[0]?.subject).toContain("est refusée");
    expect(
      (await h.database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: waiting.id } })).status,
    ).toBe("DONE");
  });

  it("honours Retry-After when Slack rate-limits the update of a decided request, and updates it after", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    const { channel, ts } = await postedRequest(requestId);
    h.slack.failNext("chat.update", { status: 429, retryAfterSeconds: 1 });

    await submitRefusal(
      principal.slackId,
      JSON.stringify({ type: "attachment", requestId }),
      "Hors périmètre",
    );
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "chat.update" && call.failed));
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "chat.update" && call.ok), 5000);
    const attempts = h.slack.calls.filter((call) => call.method === "chat.update");
    expect(attempts.length).toBe(2);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(blocksText(h.slack.message(channel, ts)?.blocks)).toContain("Refusée par");
  });
});
