import { describe, expect, it } from "vitest";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blocksOf, lastModal } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  outsider,
  requester,
  STRUCTURE_CHANNEL,
  seedStructure,
  seedStructureWithSpaces,
  TWO_SERVICES,
  validateInModal,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";

const NEWCOMER = { slackId: "UNOUVE0001", email: "nina.nouvelle@exemple.fr" };

const block = (action: string) => `${action}_block`;
const typed = (action: string, value: string) => ({
  [block(action)]: { [action]: { type: "plain_text_input", value } },
});
const picked = (action: string, values: string[]) => ({
  [block(action)]: {
    [action]: {
      type: "multi_static_select",
      selected_options: values.map((value) => ({ value, text: { type: "plain_text", text: value } })),
    },
  },
});

describe("requesters ask from Slack", () => {
  const h = useHarness();

  /** Runs `/chorus <text>` as `userId` and returns the modal it opened. */
  async function openForm(userId: string, text: string) {
    const before = h.slack.callsTo("views.open").length;
    const { status } = await h.command({ userId, text, channelId: "CASK000001" });
    expect(status).toBe(200);
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
    const view = lastModal(h.slack, "views.open");
    return { view, text: JSON.stringify(blocksOf(view)), id: [...h.slack.views.values()].at(-1)?.id ?? "" };
  }

  const submit = (userId: string, callbackId: string, metadata: string, values: Record<string, unknown>) =>
    h.submitView({ userId, callbackId, privateMetadata: metadata, values: values as never });

  it("files from /chorus rejoindre the very request the API files: on the services chosen, with the comment, shown to the managers", async () => {
    const structure = await seedStructure(h, { services: TWO_SERVICES });
    const form = await openForm(requester.slackId, `rejoindre ${structure.identifier}`);
    expect(form.view.callback_id).toBe(CallbackIds.askJoinModal);
    expect(form.text).toContain(`Structure : *Mairie de Saint-Exemple (${structure.identifier})*`);
    expect(form.text).toContain("Ressources humaines (RH)");
    expect(form.text).not.toContain(ActionIds.askLastName);

    const answer = await submit(
      requester.slackId,
      CallbackIds.askJoinModal,
      form.view.private_metadata ?? "",
      {
        ...picked(ActionIds.askServices, ["RH"]),
        ...typed(ActionIds.askComment, "Je rejoins le service RH."),
      },
    );
    expect(JSON.stringify(answer.json)).toContain(
      `Votre demande de rattachement à Mairie de Saint-Exemple (${structure.identifier}) est envoyée à ses gestionnaires.`,
    );
    const request = await h.database.prisma.attachmentRequest.findFirstOrThrow({
      include: { requestedServices: true, user: true },
    });
    expect(request).toMatchObject({
      status: "PENDING",
      origin: "USER",
      comment: "Je rejoins le service RH.",
    });
    expect(request.user.loginEmail).toBe(requester.email);
    expect(request.requestedServices.map((service) => service.code)).toEqual(["RH"]);
    await h.settle();
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: request.id },
    });
    expect(shown.channelId).toBe(STRUCTURE_CHANNEL);

    // A second request while this one waits: refused, nothing written.
    const again = await submit(
      requester.slackId,
      CallbackIds.askJoinModal,
      form.view.private_metadata ?? "",
      {},
    );
    expect(JSON.stringify(again.json)).toContain(
      "Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.",
    );
    expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
  });

  it("creates the account of someone Slack knows but Chorus Pro does not, from their names, sends its activation e-mail and files the request, in one go", async () => {
    const structure = await seedStructure(h);
    h.slack.addUser({ id: NEWCOMER.slackId, email: NEWCOMER.email, realName: "Nina Nouvelle" });
    const form = await openForm(NEWCOMER.slackId, `rejoindre ${structure.identifier}`);
    expect(form.text).toContain(`Aucun compte Chorus Pro n'a l'adresse ${NEWCOMER.email}.`);

    const blank = await submit(NEWCOMER.slackId, CallbackIds.askJoinModal, form.view.private_metadata ?? "", {
      ...typed(ActionIds.askLastName, " "),
      ...typed(ActionIds.askFirstName, ""),
    });
    expect(blank.json).toEqual({
      response_action: "errors",
      errors: {
        [block(ActionIds.askLastName)]: "Ce champ est obligatoire.",
        [block(ActionIds.askFirstName)]: "Ce champ est obligatoire.",
      },
    });
    expect(await h.database.prisma.userAccount.count({ where: { loginEmail: NEWCOMER.email } })).toBe(0);

    const answer = await submit(
      NEWCOMER.slackId,
      CallbackIds.askJoinModal,
      form.view.private_metadata ?? "",
      {
        ...typed(ActionIds.askLastName, "Nouvelle"),
        ...typed(ActionIds.askFirstName, "Nina"),
      },
    );
    expect(JSON.stringify(answer.json)).toContain(`activez-le avec le lien envoyé à ${NEWCOMER.email}`);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: NEWCOMER.email },
      include: { attachmentRequests: true },
    });
    expect(account).toMatchObject({ status: "PENDING_ACTIVATION", firstName: "Nina", lastName: "Nouvelle" });
    expect(account.attachmentRequests).toHaveLength(1);
    await h.settle();
    const mails = await h.smtp.waitForMessages(1);
    expect(mails.some((mail) => mail.to.includes(NEWCOMER.email) && /activ/i.test(mail.subject ?? ""))).toBe(
      true,
    );
  });

  it("finds a structure by part of its designation and shows its services once picked", async () => {
    const structure = await seedStructure(h, { services: TWO_SERVICES });
    const form = await openForm(requester.slackId, "rejoindre");
    expect(form.text).toContain('"type":"external_select"');

    const suggestion = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: {
        type: "block_suggestion",
        user: { id: requester.slackId, team_id: "T0000TEST" },
        team: { id: "T0000TEST", domain: "fake-workspace" },
        api_app_id: "A0000TEST",
        token: "fake-verification-token",
        action_id: ActionIds.askStructure,
        block_id: block(ActionIds.askStructure),
        value: "saint-ex",
        view: { id: form.id, type: "modal", callback_id: CallbackIds.askJoinModal },
      },
    });
    const { options } = suggestion.json as { options: { text: { text: string }; value: string }[] };
    expect(options).toEqual([
      expect.objectContaining({
        value: structure.identifier,
        text: expect.objectContaining({ text: `Mairie de Saint-Exemple (${structure.identifier})` }),
      }),
    ]);

    const updates = h.slack.callsTo("views.update", { okOnly: true }).length;
    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: requester.slackId,
        actionId: ActionIds.askStructure,
        blockId: block(ActionIds.askStructure),
        actionType: "external_select",
        actionExtra: {
          selected_option: { text: { type: "plain_text", text: "x" }, value: structure.identifier },
        },
        view: {
          id: form.id,
          hash: h.slack.views.get(form.id)?.hash ?? "",
          callback_id: CallbackIds.askJoinModal,
        },
      }),
    });
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.update" && call.ok).length > updates,
    );
    const redrawn = JSON.stringify(h.slack.callsTo("views.update", { okOnly: true }).at(-1)?.view);
    expect(redrawn).toContain("Comptabilité (COMPTA)");
    expect(redrawn).toContain(`\\"identifier\\":\\"${structure.identifier}\\"`);
  });

  it("lets an attached user ask for spaces with /chorus abonner, and refuses it to someone not attached", async () => {
    const structure = await seedStructureWithSpaces(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    await validateInModal(h, requestId, "SIMPLE_USER", []);

    const form = await openForm(requester.slackId, `abonner ${structure.identifier}`);
    expect(form.view.callback_id).toBe(CallbackIds.askSubscribeModal);
    // « Activités du gestionnaire » is not offered to a simple user.
    expect(form.text).not.toContain("ACTIVITES_GESTIONNAIRE");
    const empty = await submit(
      requester.slackId,
      CallbackIds.askSubscribeModal,
      form.view.private_metadata ?? "",
      {},
    );
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { [block(ActionIds.askSpaces)]: "Cochez au moins un espace." },
    });
    const answer = await submit(
      requester.slackId,
      CallbackIds.askSubscribeModal,
      form.view.private_metadata ?? "",
      {
        [block(ActionIds.askSpaces)]: {
          [ActionIds.askSpaces]: {
            type: "checkboxes",
            selected_options: [{ value: "ENGAGEMENTS", text: { type: "plain_text", text: "Engagements" } }],
          },
        },
        [block(ActionIds.askAccess)]: {
          [ActionIds.askAccess]: {
            type: "radio_buttons",
            selected_option: { value: "CONSULTATION", text: { type: "plain_text", text: "Consultation" } },
          },
        },
        ...picked(ActionIds.askService, []),
      },
    );
    expect(JSON.stringify(answer.json)).toContain(
      "Votre demande d'abonnement aux espaces de Mairie de Saint-Exemple",
    );
    const asked = await h.database.prisma.subscriptionRequest.findFirstOrThrow({
      where: { origin: "USER" },
      include: { items: true },
    });
    expect(asked.items).toEqual([
      expect.objectContaining({ space: "ENGAGEMENTS", serviceId: null, requestedAccess: "CONSULTATION" }),
    ]);

    const refused = await h.commandAnswer(outsider.slackId, `abonner ${structure.identifier}`);
    expect(refused).toContain(outsider.email);
  });

  it("offers « Demander un rattachement » on the Home tab of someone who manages nothing", async () => {
    await seedStructure(h);
    h.slack.addUser({ id: NEWCOMER.slackId, email: NEWCOMER.email, realName: "Nina Nouvelle" });
    for (const userId of [NEWCOMER.slackId, outsider.slackId]) {
      const before = h.slack.callsTo("views.publish").length;
      await sendEvent({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        event: { type: "app_home_opened", user: userId, tab: "home", channel: `D${userId.slice(1)}` },
      });
      await h.slack.waitFor(
        (calls) => calls.filter((call) => call.method === "views.publish").length > before,
      );
      expect(JSON.stringify(h.slack.homeViews.get(userId))).toContain('"value":"rejoindre"');
    }
  });
});
