import { describe, expect, it } from "vitest";
import { messagesFor } from "../../../src/i18n/index.ts";
import { verifyPassword } from "../../../src/security/passwords.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { readPdf } from "../../support/pdf-text.ts";
import {
  makeSecondaryManager,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { blockActionsPayload, type SlackStateValues, sendInteraction } from "../../support/slack-requests.ts";
import { eventually } from "../../support/wait.ts";

const fr = messagesFor("fr");
const API_LOGIN = "api.mairie@editeur.fr";
const CONTACT = "informatique@saint-exemple.fr";

/** The password as it appears on the PDF's "Mot de passe" line (generatePassword's alphabet). */
const PASSWORD_LINE = /Mot de passe ([A-Za-z0-9!#%*+\-=?@_]{24})/;

function technicalUserValues(loginEmail: string, contactEmail: string | null = null): SlackStateValues {
  return {
    [BlockIds.technicalLogin]: {
      [ActionIds.technicalLoginInput]: { type: "email_text_input", value: loginEmail },
    },
    [BlockIds.technicalContact]: {
      [ActionIds.technicalContactInput]: { type: "email_text_input", value: contactEmail },
    },
  };
}

describe("technical users and their connection PDF", () => {
  const h = useHarness();

  async function seed(): Promise<SeededStructure & { id: string }> {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const { id } = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    return { ...structure, id };
  }

  /** Runs `/chorus technique` and returns the modal it opened. */
  async function openTechnicalModal(userId: string, identifier: string) {
    const opened = h.slack.callsTo("views.open", { okOnly: true }).length;
    const { status } = await h.command({ userId, text: `technique ${identifier}`, channelId: "CLIST00001" });
    expect(status).toBe(200);
    await eventually(async () => h.slack.callsTo("views.open", { okOnly: true }).length > opened, 10_000);
    const view = h.slack.callsTo("views.open", { okOnly: true })[opened]?.view as {
      callback_id?: string;
      private_metadata?: string;
      blocks: unknown[];
    };
    return view;
  }

  function submitCreation(userId: string, privateMetadata: string, values: SlackStateValues) {
    return h.submitView({
      userId,
      callbackId: CallbackIds.createTechnicalUserModal,
      privateMetadata,
      values,
    });
  }

  /** The PDF received by DM and the password it states. */
  async function receivedPdf(slackUserId: string, count = 1) {
    const files = await eventually(async () => {
      const sent = h.slack.filesSentTo(slackUserId);
      return sent.length >= count ? sent : null;
    }, 10_000);
    const file = files[count - 1];
    expect(file?.filename).toMatch(/^utilisateur-technique-\d{14}-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { pages } = await readPdf(file?.bytes ?? Buffer.alloc(0));
    const text = pages.join("\n").replace(/\s+/g, " ");
    const password = text.match(PASSWORD_LINE)?.[1];
    if (!password) throw new Error(`no password in the PDF: ${text}`);
    return { file, text, password };
  }

  /** Nothing the app wrote may hold the password in clear: the account row, the history, the outbox. */
  async function expectPasswordStoredNowhere(password: string) {
    const { prisma } = h.database;
    const rows = [
      await prisma.userAccount.findMany(),
      await prisma.historyEntry.findMany(),
      await prisma.outboxMessage.findMany(),
    ];
    expect(JSON.stringify(rows)).not.toContain(password);
  }

  it("lets the principal manager create the technical user and sends the connection PDF by DM", async () => {
    const structure = await seed();
    const spaces = ["FACTURES_EMISES", "ACTIVITES_GESTIONNAIRE"];
    expect((await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, { spaces })).status).toBe(200);

    const modal = await openTechnicalModal(principal.slackId, structure.identifier);
    expect(modal.callback_id).toBe(CallbackIds.createTechnicalUserModal);
    const answer = await submitCreation(
      principal.slackId,
      modal.private_metadata ?? "",
      technicalUserValues(API_LOGIN.toUpperCase(), CONTACT),
    );

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(answer.json)).toContain(fr.technicalUser.created(API_LOGIN));
    const { file, text, password } = await receivedPdf(principal.slackId);
    expect(file?.channel).toBe("DPRINC0001");
    expect(text).toContain("Récapitulatif de création de compte utilisateur technique");
    expect(text).toContain(`Désignation ${structure.designation}`);
    expect(text).toContain(`Identifiant ${structure.identifier}`);
    expect(text).toContain(`Adresse de connexion ${API_LOGIN}`);
    expect(text).toContain("Mettez à jour la connexion API");

    const { prisma } = h.database;
    const account = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: API_LOGIN },
      include: { attachments: true },
    });
    expect(account).toMatchObject({
      technical: true,
      status: "ACTIVE",
      contactEmail: CONTACT,
      firstName: "Utilisateur technique",
      lastName: structure.designation,
      firstNameKey: "utilisateur technique",
      lastNameKey: "mairie de saint-exemple",
    });
    expect(account.attachments.map((a) => [a.structureId, a.scopeKey, a.role, a.status])).toEqual([
      [structure.id, "*", "SIMPLE_USER", "VALIDATED"],
    ]);
    expect(await verifyPassword(password, account.passwordHash ?? "")).toBe(true);
    await expectPasswordStoredNowhere(password);
    const history = await prisma.historyEntry.findMany({ where: { action: "TECHNICAL_USER_CREATED" } });
    expect(history).toMatchObject([
      { structureId: structure.id, targetUserId: account.id, actorSlackUserId: principal.slackId },
    ]);
    // A simple user's default spaces: those the structure uses, for all its services.
    const subscriptions = await prisma.subscription.findMany({ where: { userId: account.id } });
    expect(subscriptions.map((row) => [row.space, row.scopeKey, row.status])).toEqual([
      ["FACTURES_EMISES", "*", "ACTIVE"],
    ]);
  });

  it("refuses a secondary manager, in the command and at submission, and creates nothing", async () => {
    const structure = await seed();
    const refusal = fr.technicalUser.principalOnly(`${structure.designation} (${structure.identifier})`);

    expect(await h.commandAnswer(secondary.slackId, `technique ${structure.identifier}`)).toBe(refusal);
    const answer = await submitCreation(
      secondary.slackId,
      JSON.stringify({ structureId: structure.id }),
      technicalUserValues(API_LOGIN),
    );

    expect(answer.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(answer.json)).toContain(refusal);
    expect(await h.database.prisma.userAccount.count({ where: { technical: true } })).toBe(0);
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(h.slack.sharedFiles()).toEqual([]);
    expect(await h.commandAnswer(requester.slackId, `technique ${structure.identifier}`)).toContain(
      "ni gestionnaire principal ni gestionnaire secondaire",
    );
    expect(await h.commandAnswer(principal.slackId, "technique")).toBe(fr.technicalUser.usage);
  });

  it("answers a login already used or an invalid address with field errors, and creates nothing", async () => {
    const structure = await seed();
    const metadata = JSON.stringify({ structureId: structure.id });

    const used = await submitCreation(principal.slackId, metadata, technicalUserValues(requester.email));
    const invalid = await submitCreation(
      principal.slackId,
      metadata,
      technicalUserValues("pas-une-adresse", "pas@"),
    );

    expect(used.json).toEqual({
      response_action: "errors",
      errors: { [BlockIds.technicalLogin]: fr.technicalUser.loginUsed(requester.email) },
    });
    expect(invalid.json).toEqual({
      response_action: "errors",
      errors: {
        [BlockIds.technicalLogin]: fr.technicalUser.loginInvalid,
        [BlockIds.technicalContact]: fr.technicalUser.contactInvalid,
      },
    });
    const { prisma } = h.database;
    expect(await prisma.userAccount.count({ where: { technical: true } })).toBe(0);
    expect(await prisma.historyEntry.count({ where: { action: "TECHNICAL_USER_CREATED" } })).toBe(0);
    expect(h.slack.sharedFiles()).toEqual([]);
  });

  it("keeps one technical user per structure: the command then shows it, and a second creation is refused", async () => {
    const structure = await seed();
    const metadata = JSON.stringify({ structureId: structure.id });
    await submitCreation(principal.slackId, metadata, technicalUserValues(API_LOGIN));
    await receivedPdf(principal.slackId);

    const modal = await openTechnicalModal(principal.slackId, structure.identifier);
    const again = await submitCreation(principal.slackId, metadata, technicalUserValues("autre@editeur.fr"));

    expect(modal.callback_id).toBeUndefined();
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain(API_LOGIN);
    expect(shown).toContain(ActionIds.resetTechnicalPassword);
    expect(JSON.stringify(again.json)).toContain(fr.technicalUser.alreadyExists(API_LOGIN));
    expect(await h.database.prisma.userAccount.count({ where: { technical: true } })).toBe(1);
  });

  it("resets the password after confirmation: the old one stops working and a new PDF is sent", async () => {
    const structure = await seed();
    await submitCreation(
      principal.slackId,
      JSON.stringify({ structureId: structure.id }),
      technicalUserValues(API_LOGIN),
    );
    const first = await receivedPdf(principal.slackId);
    const { prisma } = h.database;
    const account = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: API_LOGIN } });
    const value = JSON.stringify({ structureId: structure.id, userId: account.id });

    // The button of the modal /chorus technique shows: the confirmation is pushed on top of it.
    await openTechnicalModal(principal.slackId, structure.identifier);
    const shown = [...h.slack.views.values()].filter((view) => view.type === "modal").at(-1);
    const click = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.resetTechnicalPassword,
        value,
        view: { id: shown?.id },
      }),
    });
    expect(click.status).toBe(200);
    const pushed = await eventually(async () => h.slack.callsTo("views.push", { okOnly: true })[0], 10_000);
    const confirmation = pushed.view as { callback_id?: string; private_metadata?: string };
    expect(confirmation.callback_id).toBe(CallbackIds.resetTechnicalPasswordModal);
    expect(JSON.stringify(pushed.view)).toContain("Informez votre responsable informatique");

    const answer = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.resetTechnicalPasswordModal,
      privateMetadata: confirmation.private_metadata ?? "",
      values: {},
    });

    expect(JSON.stringify(answer.json)).toContain(fr.technicalUser.passwordReset(API_LOGIN));
    const second = await receivedPdf(principal.slackId, 2);
    expect(second.text).toContain("Mot de passe réinitialisé le");
    expect(second.password).not.toBe(first.password);
    const { passwordHash } = await prisma.userAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(await verifyPassword(second.password, passwordHash ?? "")).toBe(true);
    expect(await verifyPassword(first.password, passwordHash ?? "")).toBe(false);
    await expectPasswordStoredNowhere(second.password);
    expect(
      await prisma.historyEntry.findMany({
        where: { action: "TECHNICAL_PASSWORD_RESET" },
        select: { targetUserId: true, actorSlackUserId: true },
      }),
    ).toEqual([{ targetUserId: account.id, actorSlackUserId: principal.slackId }]);
  });

  it("exports the connection details on demand, as a PDF without any password, to the principal only", async () => {
    const structure = await seed();
    await submitCreation(
      principal.slackId,
      JSON.stringify({ structureId: structure.id }),
      technicalUserValues(API_LOGIN),
    );
    const created = await receivedPdf(principal.slackId);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: API_LOGIN },
    });
    const value = JSON.stringify({ structureId: structure.id, userId: account.id });
    const modal = await openTechnicalModal(principal.slackId, structure.identifier);
    expect(JSON.stringify(modal.blocks)).toContain(ActionIds.exportTechnicalConnection);
    const shown = [...h.slack.views.values()].filter((view) => view.type === "modal").at(-1);
    const historyBefore = await h.database.prisma.historyEntry.count();

    await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId: ActionIds.exportTechnicalConnection,
        value,
        view: { id: shown?.id },
      }),
    });

    const files = await eventually(async () => {
      const sent = h.slack.filesSentTo(principal.slackId);
      return sent.length >= 2 ? sent : null;
    }, 10_000);
    const { pages } = await readPdf(files[1]?.bytes ?? Buffer.alloc(0));
    const text = pages.join("\n").replace(/\s+/g, " ");
    expect(text).toContain("Informations de connexion de l'utilisateur technique");
    expect(text).toContain(API_LOGIN);
    expect(text).toContain("Mot de passe Non communiqué : il n'est conservé nulle part");
    expect(text).toContain("Informations exportées le");
    expect(text).not.toContain(created.password);
    const notice = await eventually(async () => h.slack.callsTo("views.push", { okOnly: true })[0], 10_000);
    expect(JSON.stringify(notice.view)).toContain("vous est envoyé en message privé");
    expect(await h.database.prisma.historyEntry.count()).toBe(historyBefore);

    // A secondary manager is refused, and gets no file.
    await h.clickButton({
      userId: secondary.slackId,
      actionId: ActionIds.exportTechnicalConnection,
      value,
      channelId: "CLIST00001",
      messageTs: "1700000000.000300",
    });
    const refusal = await eventually(async () =>
      h.slack.ephemerals.find((e) => e.user === secondary.slackId),
    );
    expect(refusal.text).toBe(
      fr.technicalUser.principalOnly(`${structure.designation} (${structure.identifier})`),
    );
    expect(h.slack.filesSentTo(secondary.slackId)).toEqual([]);
  });

  it("refuses a reset to a secondary manager, from a message button and at confirmation", async () => {
    const structure = await seed();
    await submitCreation(
      principal.slackId,
      JSON.stringify({ structureId: structure.id }),
      technicalUserValues(API_LOGIN),
    );
    await receivedPdf(principal.slackId);
    const { prisma } = h.database;
    const account = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: API_LOGIN } });
    const before = account.passwordHash;
    const value = JSON.stringify({ structureId: structure.id, userId: account.id });
    const refusal = fr.technicalUser.principalOnly(`${structure.designation} (${structure.identifier})`);

    expect(
      await h.clickButton({
        userId: secondary.slackId,
        actionId: ActionIds.resetTechnicalPassword,
        value,
        channelId: "CLIST00001",
        messageTs: "1700000000.000200",
      }),
    ).toBe(200);
    const ephemeral = await eventually(async () =>
      h.slack.ephemerals.find((e) => e.user === secondary.slackId),
    );
    const answer = await h.submitView({
      userId: secondary.slackId,
      callbackId: CallbackIds.resetTechnicalPasswordModal,
      privateMetadata: value,
      values: {},
    });

    expect(ephemeral.text).toBe(refusal);
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    expect(JSON.stringify(answer.json)).toContain(refusal);
    const after = await prisma.userAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.passwordHash).toBe(before);
    expect(await prisma.historyEntry.count({ where: { action: "TECHNICAL_PASSWORD_RESET" } })).toBe(0);
    expect(h.slack.filesSentTo(secondary.slackId)).toEqual([]);
  });
});
