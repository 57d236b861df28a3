import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inTransaction } from "../../../src/db/transaction.ts";
import { parisDay } from "../../../src/domain/dates.ts";
import { formatDate, messagesFor } from "../../../src/i18n/index.ts";
import { enqueueHomeRefresh } from "../../../src/services/requests/home-refresh.ts";
import { ActionIds, BlockIds, CallbackIds, DecisionActionIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blocksOf, buttonsOf, textsOf, type WithBlocks } from "../../support/fake-slack/index.ts";
import {
  addRequester,
  addStructure,
  fileAgedRequest,
  insertAttachmentRequests,
  insertSubscriptionRequest,
  withId,
} from "../../support/pending-requests.ts";
import {
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";

const fr = messagesFor("fr");
const DAY_MS = 24 * 60 * 60 * 1000;

/** Midday in Paris `days` days ago: its age in days does not depend on the hour the test runs. */
function daysAgo(days: number): Date {
  return new Date(parisDay(new Date()).getTime() - days * DAY_MS + 11 * 60 * 60 * 1000);
}

/** The Home tab's texts, its buttons' rows left out. */
function texts(view: WithBlocks | undefined): string[] {
  return textsOf(view).filter((text) => text !== "");
}

describe("the Home tab", () => {
  const h = useHarness();

  async function publishes(): Promise<number> {
    return h.slack.callsTo("views.publish", { okOnly: true }).length;
  }

  /** Opens the Home tab as `userId` and returns the view the app published. */
  async function openHome(userId: string): Promise<WithBlocks | undefined> {
    const before = await publishes();
    const sent = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      event: { type: "app_home_opened", user: userId, channel: `D${userId.slice(1)}`, tab: "home" },
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.publish").length > before);
    return h.slack.homeViews.get(userId);
  }

  it("shows each managed structure with its pending requests of each kind and the oldest one's age", async () => {
    const structure = await withId(h, await seedStructure(h));
    const quiet = await addStructure(h, 7654321, { designation: "Syndicat des eaux" });
    await fileAgedRequest(h, structure, requester.email, daysAgo(3));
    await fileAgedRequest(h, structure, await addRequester(h, 1), daysAgo(0));
    await insertSubscriptionRequest(h, structure.id, requester.email, daysAgo(1));

    const view = await openHome(principal.slackId);

    const lines = texts(view);
    expect(lines[0]).toBe("Demandes en attente");
    expect(lines.slice(2)).toEqual([
      `*Mairie de Saint-Exemple* · ${structure.identifier}`,
      `*Demandes de rattachement* : 2 — la plus ancienne du ${formatDate(fr, daysAgo(3))} (depuis 3 jours)`,
      `*Demandes d'abonnement* : 1 — la plus ancienne du ${formatDate(fr, daysAgo(1))} (depuis 1 jour)`,
      `*Syndicat des eaux* · ${quiet.identifier}`,
      "*Demandes de rattachement* : 0",
      "*Demandes d'abonnement* : 0",
    ]);
    const buttons = buttonsOf(view);
    const listButtons = buttons.filter((button) => button.action_id === ActionIds.openPendingRequests);
    expect(listButtons.map((button) => JSON.parse(button.value ?? ""))).toEqual([
      { structureId: structure.id, kind: "attachment" },
      { structureId: structure.id, kind: "subscription" },
    ]);
    const attachButtons = buttons.filter((button) => button.action_id === ActionIds.attachUserOpen);
    expect(attachButtons.map((button) => [button.text.text, button.value])).toEqual([
      ["Rattacher un utilisateur", structure.id],
      ["Rattacher un utilisateur", quiet.id],
    ]);
  });

  it("is published again with the new counts once a decision queues a refresh", async () => {
    const structure = await withId(h, await seedStructure(h));
    const older = await fileAgedRequest(h, structure, requester.email, daysAgo(4));
    await fileAgedRequest(h, structure, await addRequester(h, 1), daysAgo(2));
    expect(texts(await openHome(principal.slackId))[3]).toContain("2 — la plus ancienne");

    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: older },
    });
    await h.clickButton({
      userId: principal.slackId,
      actionId: DecisionActionIds.attachment.refuse,
      value: older,
      channelId: shown.channelId,
      messageTs: shown.ts,
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const modal = h.slack.callsTo("views.open").at(-1)?.view as { private_metadata: string };
    const refused = await h.submitView({
      userId: principal.slackId,
      callbackId: CallbackIds.refuseRequestModal,
      privateMetadata: modal.private_metadata,
      values: {
        [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Doublon" } },
      },
    });
    expect(refused.json).toBeNull();
    await inTransaction(h.database.prisma, (tx) => enqueueHomeRefresh(tx, [structure.id]));
    await h.settle();

    const lines = texts(h.slack.homeViews.get(principal.slackId));
    expect(lines[3]).toBe(
      `*Demandes de rattachement* : 1 — la plus ancienne du ${formatDate(fr, daysAgo(2))} (depuis 2 jours)`,
    );
  });

  it("queues one publication per manager however many changes come before the worker takes it", async () => {
    const structure = await withId(h, await seedStructure(h));
    await makeSecondaryManager(h, structure);
    await h.settle();
    const { prisma } = h.database;
    const principalAccount = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: principal.email },
    });
    const queued = () =>
      prisma.outboxMessage.findMany({ where: { kind: "SLACK_PUBLISH_HOME" }, orderBy: { createdAt: "asc" } });

    await h.runtime.outbox.stop();
    try {
      for (let change = 0; change < 5; change++) {
        await inTransaction(prisma, (tx) => enqueueHomeRefresh(tx, [structure.id]));
      }
      expect(
        (await queued()).map((row) => (row.payload as { accountId?: string }).accountId).sort(),
      ).toHaveLength(2);

      // A publication the worker has already claimed may have read the old counts: a new one is queued.
      await prisma.outboxMessage.updateMany({
        where: { kind: "SLACK_PUBLISH_HOME", payload: { path: ["accountId"], equals: principalAccount.id } },
        data: { lockedUntil: new Date(Date.now() + 60_000) },
      });
      await inTransaction(prisma, (tx) => enqueueHomeRefresh(tx, [structure.id]));
      const rows = await queued();
      expect(
        rows.filter((row) => (row.payload as { accountId?: string }).accountId === principalAccount.id),
      ).toHaveLength(2);
      expect(rows).toHaveLength(3);
      await prisma.outboxMessage.updateMany({ data: { lockedUntil: null } });
    } finally {
      h.runtime.outbox.start();
    }
    await h.settle();

    expect(texts(h.slack.homeViews.get(principal.slackId))[3]).toBe("*Demandes de rattachement* : 0");
    expect(texts(h.slack.homeViews.get(secondary.slackId))[3]).toBe("*Demandes de rattachement* : 0");
  });

  it("tells someone who manages no structure that nothing waits for them, and an unknown Slack user why", async () => {
    await seedStructure(h);
    h.slack.addUser({ id: "UINCONNU01", email: "inconnu@ailleurs.fr" });

    expect(texts(await openHome(outsider.slackId))[2]).toBe(fr.home.noStructure);
    expect(texts(await openHome("UINCONNU01"))[2]).toBe(
      fr.errors.noAccountForSlackUser("inconnu@ailleurs.fr"),
    );
  });

  it("publishes nothing when the Messages tab is opened", async () => {
    await seedStructure(h);

    await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      event: { type: "app_home_opened", user: principal.slackId, channel: "DPRINC0001", tab: "messages" },
    });
    // Then the Home tab, whose publication says the events before it were handled.
    await openHome(principal.slackId);

    expect(h.slack.callsTo("views.publish", { okOnly: true }).map((args) => args.user_id)).toEqual([
      principal.slackId,
    ]);
  });

  /** Clicks a button of the Home tab (or of a modal, `viewId`) as `userId`, as Slack sends it. */
  async function clickHomeButton(
    userId: string,
    button: { action_id?: string; value?: string },
    viewId?: string,
  ) {
    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId,
        actionId: button.action_id ?? "",
        value: button.value ?? "",
        ...(viewId ? { view: { id: viewId } } : {}),
      }),
    });
    expect(sent.status).toBe(200);
  }

  it("reaches every function of the synthesis screen by clicks: the structure's card, history and export, « Mes structures » and its cards; a refusal is told in a modal", async () => {
    const structure = await withId(h, await seedStructure(h));
    const home = await openHome(principal.slackId);
    const button = (text: string) => {
      const found = buttonsOf(home).find((candidate) => candidate.text.text === text);
      if (!found) throw new Error(`no « ${text} » on the Home tab`);
      return found;
    };
    const opened = () => h.slack.callsTo("views.open", { okOnly: true });

    await clickHomeButton(principal.slackId, button("Historique"));
    await h.slack.waitFor(() => opened().length === 1);
    expect(opened()[0]?.view).toMatchObject({ callback_id: CallbackIds.historyModal });

    await clickHomeButton(principal.slackId, button("Voir la structure"));
    await h.slack.waitFor(() => opened().length === 2);
    expect(JSON.stringify(opened()[1]?.view)).toContain(structure.identifier);

    await clickHomeButton(principal.slackId, button("Exporter"));
    await h.slack.waitFor(() => opened().length === 3);
    expect(JSON.stringify(opened()[2]?.view)).toContain("vous a été envoyé en message privé");
    await h.slack.waitFor(() => h.slack.filesSentTo(principal.slackId).length === 1);

    await clickHomeButton(principal.slackId, button("Mes structures"));
    await h.slack.waitFor(() => opened().length === 4);
    const mine = opened()[3]?.view as WithBlocks;
    expect(JSON.stringify(mine)).toContain("1 structure dont vous êtes gestionnaire principal ou secondaire");
    const [card] = buttonsOf(mine);
    const stored = [...h.slack.views.values()].at(-1);
    await clickHomeButton(principal.slackId, card ?? {}, stored?.id);
    await h.slack.waitFor(() => h.slack.callsTo("views.push", { okOnly: true }).length === 1);
    expect(JSON.stringify(h.slack.callsTo("views.push", { okOnly: true })[0]?.view)).toContain(
      "Fiche structure",
    );

    // The same buttons, forged by someone who manages nothing: the refusal comes in a modal.
    await clickHomeButton(outsider.slackId, button("Historique"));
    await h.slack.waitFor(() => opened().length === 5);
    expect(JSON.stringify(opened()[4]?.view)).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire",
    );
  });

  it("keeps 120 structures within Slack's 100 blocks, the busiest first, and counts the others", async () => {
    await seedStructure(h);
    const { prisma } = h.database;
    const manager = await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: principal.email } });
    const structures = Array.from({ length: 119 }, (_, index) => ({
      id: randomUUID(),
      identifier: `HOME${String(index).padStart(3, "0")}`,
      designation: `Structure ${String(index).padStart(3, "0")}`,
      designationKey: `structure ${String(index).padStart(3, "0")}`,
      kind: "PUBLIQUE" as const,
    }));
    await prisma.structure.createMany({ data: structures });
    await prisma.attachment.createMany({
      data: structures.map((structure) => ({
        userId: manager.id,
        structureId: structure.id,
        scopeKey: "*",
        role: "PRINCIPAL_MANAGER" as const,
        startDate: new Date("2026-01-01"),
      })),
    });
    await insertAttachmentRequests(h, structures[57]?.id ?? "", 3, daysAgo(1));
    await insertAttachmentRequests(h, structures[99]?.id ?? "", 2, daysAgo(6));

    const view = await openHome(principal.slackId);

    expect(blocksOf(view).length).toBeLessThanOrEqual(100);
    const lines = texts(view);
    expect(lines[2]).toBe("*Structure 057* · HOME057");
    expect(lines[5]).toBe("*Structure 099* · HOME099");
    expect(lines.at(-1)).toBe("… et 96 autres structures");
  });
});
