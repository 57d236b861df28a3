import { describe, expect, it } from "vitest";
import { inTransaction } from "../../../src/db/transaction.ts";
import { parisIsoDay } from "../../../src/export/excel-csv.ts";
import { appendHistory } from "../../../src/services/history/history.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { parseSemicolonCsv } from "../../support/csv.ts";
import { buttonsOf, type KnownBlock, viewOf } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import type { SlackStateValues } from "../../support/slack-requests.ts";
import { blockActionsPayload, sendInteraction, slackOption } from "../../support/slack-requests.ts";

const services = [{ code: "RH", label: "Ressources humaines" }];

const CSV_HEADER = [
  "N°",
  "Date",
  "Heure",
  "Acteur",
  "Commentaires",
  "Utilisateur concerné",
  "Adresse de connexion",
  "Motif ou commentaire du gestionnaire",
];

interface OpenedView {
  id: string;
  hash: string;
  callback_id: string;
  private_metadata: string;
  submit?: unknown;
  blocks: KnownBlock[];
}

/** The text of the history lines (sections with a "Détail" button), top to bottom. */
/** The history lines: sections whose button is "Détail". */
function lines(view: OpenedView): { text: string; entryId: string }[] {
  return view.blocks.flatMap((block) => {
    const [detail] = buttonsOf(block);
    return block.type === "section" && detail?.action_id === ActionIds.historyDetail
      ? [{ text: block.text?.text ?? "", entryId: detail.value ?? "" }]
      : [];
  });
}

function lineTexts(view: OpenedView): string[] {
  return lines(view).map((line) => line.text);
}

function lineEntryIds(view: OpenedView): string[] {
  return lines(view).map((line) => line.entryId);
}

describe("the structure history in Slack", () => {
  const h = useHarness();

  async function structureId(structure: SeededStructure): Promise<string> {
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    return found.id;
  }

  /** Waits for the app's answer to a slash command sent to the response URL. */
  async function commandAnswer(userId: string, text: string): Promise<string | null> {
    const opened = h.slack.callsTo("views.open").length;
    const { status, responseUrl } = await h.command({ userId, text, channelId: "CHIST00001" });
    expect(status).toBe(200);
    await h.slack.waitFor(
      (calls) =>
        calls.filter((call) => call.method === "views.open").length > opened ||
        h.slack.responses.some((response) => response.url === responseUrl),
    );
    const response = h.slack.responses.find((candidate) => candidate.url === responseUrl);
    return response ? String((response.body as { text?: string }).text) : null;
  }

  async function openHistory(userId: string, structure: SeededStructure): Promise<OpenedView> {
    expect(await commandAnswer(userId, `historique ${structure.identifier}`)).toBeNull();
    const opened = h.slack.callsTo("views.open", { okOnly: true }).at(-1)?.view as OpenedView;
    expect(opened.callback_id).toBe(CallbackIds.historyModal);
    const stored = [...h.slack.views.values()].at(-1);
    return { ...opened, id: stored?.id ?? "", hash: stored?.hash ?? "" };
  }

  /** Sends a block action from the history modal, as Slack does, and returns the view it led to. */
  async function act(
    view: OpenedView,
    method: "views.update" | "views.push",
    action: { actionId: string; blockId: string; value?: string; actionType?: string; actionExtra?: object },
    userId = principal.slackId,
  ): Promise<OpenedView> {
    const before = h.slack.callsTo(method, { okOnly: true }).length;
    const payload = blockActionsPayload({
      userId,
      ...action,
      actionExtra: action.actionExtra as Record<string, unknown>,
      view: {
        id: view.id,
        hash: h.slack.views.get(view.id)?.hash ?? view.hash,
        private_metadata: view.private_metadata,
        callback_id: CallbackIds.historyModal,
      },
    });
    const sent = await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload });
    expect(sent.status).toBe(200);
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === method && call.ok).length > before,
    );
    const next = h.slack.callsTo(method, { okOnly: true }).at(-1)?.view as OpenedView;
    return { ...next, id: view.id, hash: h.slack.views.get(view.id)?.hash ?? view.hash };
  }

  function selectAction(view: OpenedView, value: string) {
    return act(view, "views.update", {
      actionId: ActionIds.historyActionFilter,
      blockId: BlockIds.historyFilters,
      actionType: "static_select",
      actionExtra: { selected_option: slackOption(value) },
    });
  }

  function pickDay(view: OpenedView, actionId: string, day: string) {
    return act(view, "views.update", {
      actionId,
      blockId: BlockIds.historyFilters,
      actionType: "datepicker",
      actionExtra: { selected_date: day },
    });
  }

  /** Decides a request the way a manager does: the button on its message, then the modal. */
  async function decide(requestId: string, decision: "validate" | "refuse", values: SlackStateValues) {
    await h.settle();
    const message = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    const opened = h.slack.callsTo("views.open").length;
    await h.clickButton({
      userId: principal.slackId,
      actionId:
        decision === "validate" ? ActionIds.validateAttachmentRequest : ActionIds.refuseAttachmentRequest,
      value: requestId,
      channelId: message.channelId,
      messageTs: message.ts,
    });
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > opened);
    const modal = h.slack.callsTo("views.open").at(-1)?.view as OpenedView;
    const submitted = await h.submitView({
      userId: principal.slackId,
      callbackId: modal.callback_id,
      privateMetadata: modal.private_metadata,
      values,
    });
    expect(submitted.json).toBeNull();
  }

  /** The seeded structure with one attachment validated (requester, RH) and one refused (outsider). */
  async function structureWithDecisions(): Promise<SeededStructure> {
    const structure = await seedStructure(h, { services });
    const validated = await fileRequest(h, structure, {
      serviceCodes: ["RH"],
      comment: "Je remplace Mme Martin.",
    });
    const refused = await fileRequest(h, structure, { email: outsider.email });
    const rh = await h.database.prisma.service.findFirstOrThrow({ where: { code: "RH" } });
    await decide(validated, "validate", {
      [BlockIds.role]: {
        [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption("SIMPLE_USER") },
      },
      [BlockIds.wholeStructure]: {
        [ActionIds.wholeStructureInput]: { type: "checkboxes", selected_options: [] },
      },
      [BlockIds.services]: {
        [ActionIds.servicesInput]: { type: "checkboxes", selected_options: [slackOption(rh.id)] },
      },
      [BlockIds.comment]: { [ActionIds.commentInput]: { type: "plain_text_input", value: "Bienvenue" } },
    });
    await decide(refused, "refuse", {
      [BlockIds.reason]: {
        [ActionIds.reasonInput]: { type: "plain_text_input", value: "=Inconnue du service" },
      },
    });
    return structure;
  }

  /** Channel changes at the given instants, in that order, written as the app writes them. */
  async function channelChanges(structure: SeededStructure, instants: Date[]): Promise<void> {
    const id = await structureId(structure);
    for (const [index, at] of instants.entries()) {
      await inTransaction(h.database.prisma, (tx) =>
        appendHistory(tx, {
          structureId: id,
          action: "STRUCTURE_CHANNEL_SET",
          details: { from: null, to: `CCHAN${index}` },
          createdAt: at,
        }),
      );
    }
  }

  it("shows the decisions made in Slack newest first, in the guide's words, with who acted on whom", async () => {
    const structure = await structureWithDecisions();

    const view = await openHistory(principal.slackId, structure);

    const lines = lineTexts(view);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\*\\d{2}/\\d{2}/\\d{4} à \\d{2}:\\d{2}\\* — <@${principal.slackId}> — \\*Refus du rattachement\\* — Odile Dehors`,
      ),
    );
    expect(lines[0]).toContain("_=Inconnue du service_");
    expect(lines[1]).toContain(`<@${principal.slackId}> — *Validation du rattachement* — René Demandeur`);
    expect(lines[1]).toContain("_Bienvenue_");
    expect(lines[2]).toContain(
      "Chorus Pro (automatique) — *Abonnement aux espaces par défaut* — Paule Principale",
    );
    expect(lines[3]).toContain("Chorus Pro (automatique) — *Création de la structure* — Paule Principale");
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("4 actions — page 1/1, les plus récentes d'abord");
    expect(text).toContain("Mairie de Saint-Exemple");
    expect(view.submit).toMatchObject({ text: "Exporter (CSV)" });
  });

  it("opens the detail of an entry: the request, who, when and what changed", async () => {
    const structure = await structureWithDecisions();
    const view = await openHistory(principal.slackId, structure);
    const validationId = lineEntryIds(view)[1] as string;

    const detail = await act(view, "views.push", {
      actionId: ActionIds.historyDetail,
      blockId: "history_line",
      value: validationId,
    });

    expect(detail.callback_id).toBe(CallbackIds.historyDetailModal);
    const text = JSON.stringify(detail.blocks);
    expect(detail.blocks[0]).toMatchObject({ type: "header", text: { text: "Validation du rattachement" } });
    expect(text).toContain(`*Acteur*\\n<@${principal.slackId}>`);
    expect(text).toContain("*Utilisateur concerné*\\nRené Demandeur (rene.demandeur@exemple.fr)");
    expect(text).toContain("*Rôle* : Utilisateur simple");
    expect(text).toContain("*Services* : Ressources humaines (RH)");
    expect(text).toContain("*Toute la structure* : Non");
    expect(text).toContain("Demande concernée");
    expect(text).toContain("Je remplace Mme Martin.");
    expect(text).not.toContain(ActionIds.validateAttachmentRequest);
  });

  it("filters by kind of action and by period, and pages 20 lines at a time", async () => {
    const structure = await seedStructure(h);
    // One a day at noon in March, and two just after midnight in Paris (23:30 UTC the day before).
    const noons = Array.from({ length: 25 }, (_, index) => new Date(Date.UTC(2026, 2, 1 + index, 11)));
    const midnights = [new Date("2026-03-04T23:30:00Z"), new Date("2026-03-07T23:30:00Z")];
    await channelChanges(
      structure,
      [...noons, ...midnights].sort((a, b) => a.getTime() - b.getTime()),
    );
    const view = await openHistory(principal.slackId, structure);
    expect(JSON.stringify(view.blocks)).toContain("29 actions — page 1/2");
    expect(lineTexts(view)).toHaveLength(20);

    const second = await act(view, "views.update", {
      actionId: ActionIds.historyNextPage,
      blockId: BlockIds.historyPages,
      value: "next",
    });
    expect(JSON.stringify(second.blocks)).toContain("29 actions — page 2/2");
    expect(lineTexts(second)).toHaveLength(9);
    expect(lineTexts(second).at(-1)).toContain("Création de la structure");

    const channelOnly = await selectAction(second, "STRUCTURE_CHANNEL_SET");
    expect(JSON.stringify(channelOnly.blocks)).toContain("27 actions — page 1/2");

    const fromFifth = await pickDay(channelOnly, ActionIds.historyFromFilter, "2026-03-05");
    const period = await pickDay(fromFifth, ActionIds.historyToFilter, "2026-03-07");
    expect(lineTexts(period).map((line) => line.slice(0, 20))).toEqual([
      "*07/03/2026 à 12:00*",
      "*06/03/2026 à 12:00*",
      "*05/03/2026 à 12:00*",
      "*05/03/2026 à 00:30*",
    ]);
    expect(JSON.stringify(period.blocks)).toContain("4 actions — page 1/1");

    const reversed = await pickDay(period, ActionIds.historyFromFilter, "2026-03-09");
    expect(JSON.stringify(reversed.blocks)).toContain("La date de début doit précéder la date de fin.");
    expect(lineTexts(reversed)).toHaveLength(4);
    expect(JSON.parse(reversed.private_metadata)).toMatchObject({ from: "2026-03-05", to: "2026-03-07" });

    const structureCreated = await selectAction(reversed, "STRUCTURE_CREATED");
    expect(JSON.stringify(structureCreated.blocks)).toContain("Aucune action pour ces critères.");
    expect(structureCreated.submit).toBeUndefined();
  });

  it("exports the filtered history by DM as a CSV French Excel opens, newest first", async () => {
    const structure = await structureWithDecisions();
    await makeSecondaryManager(h, structure);
    const view = await openHistory(secondary.slackId, structure);
    const refusals = await selectAction(view, "ATTACHMENT_REFUSED");

    const answer = await h.submitView({
      userId: secondary.slackId,
      callbackId: CallbackIds.historyModal,
      privateMetadata: view.private_metadata,
      values: {},
    });

    const filename = `historique-${structure.identifier}-${parisIsoDay(new Date())}.csv`;
    expect(answer.json).toMatchObject({ response_action: "push", view: { type: "modal" } });
    expect(JSON.stringify(answer.json.view.blocks)).toContain(
      `Le fichier ${filename} vous est envoyé en message privé.`,
    );
    await h.slack.waitFor(() => h.slack.filesSentTo(secondary.slackId).length === 1);
    const [file] = h.slack.filesSentTo(secondary.slackId);
    expect(file?.filename).toBe(filename);
    const rows = parseSemicolonCsv(file?.bytes?.toString("utf8") ?? "");
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows.slice(1).map((row) => [row[0], row[3], row[4], row[5], row[6], row[7]])).toEqual([
      [
        "4",
        "Paule Principale",
        "Refus du rattachement",
        "Odile Dehors",
        outsider.email,
        "'=Inconnue du service",
      ],
      ["3", "Paule Principale", "Validation du rattachement", "René Demandeur", requester.email, "Bienvenue"],
      [
        "2",
        "Chorus Pro (automatique)",
        "Abonnement aux espaces par défaut",
        "Paule Principale",
        principal.email,
        "",
      ],
      ["1", "Chorus Pro (automatique)", "Création de la structure", "Paule Principale", principal.email, ""],
    ]);
    expect(rows[1]?.[1]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(rows[1]?.[2]).toMatch(/^\d{2}:\d{2}$/);

    await h.submitView({
      userId: secondary.slackId,
      callbackId: CallbackIds.historyModal,
      privateMetadata: refusals.private_metadata,
      values: {},
    });
    await h.slack.waitFor(() => h.slack.filesSentTo(secondary.slackId).length === 2);
    const filtered = parseSemicolonCsv(
      h.slack.filesSentTo(secondary.slackId)[1]?.bytes?.toString("utf8") ?? "",
    );
    expect(filtered.slice(1).map((row) => row[4])).toEqual(["Refus du rattachement"]);
  });

  it("refuses the history, its detail and its export to someone who is not a manager of the structure", async () => {
    const structure = await structureWithDecisions();
    const managerView = await openHistory(principal.slackId, structure);

    expect(await commandAnswer(requester.slackId, `historique ${structure.identifier}`)).toBe(
      `Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure Mairie de Saint-Exemple (${structure.identifier}) : vous ne pouvez pas effectuer cette action.`,
    );
    expect(
      h.slack.callsTo("views.open").filter((call) => viewOf(call).callback_id === CallbackIds.historyModal),
    ).toHaveLength(1);

    const detail = await act(
      managerView,
      "views.push",
      {
        actionId: ActionIds.historyDetail,
        blockId: "history_line",
        value: lineEntryIds(managerView)[0] as string,
      },
      requester.slackId,
    );
    expect(JSON.stringify(detail.blocks)).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire",
    );

    const exported = await h.submitView({
      userId: requester.slackId,
      callbackId: CallbackIds.historyModal,
      privateMetadata: managerView.private_metadata,
      values: {},
    });
    expect(JSON.stringify(exported.json.view.blocks)).toContain("Vous n'êtes ni gestionnaire principal");
    expect(h.slack.filesSentTo(requester.slackId)).toEqual([]);
  });

  it("answers a missing or unknown identifier with a clear message", async () => {
    await seedStructure(h);
    expect(await commandAnswer(principal.slackId, "historique")).toBe(
      "Usage : `/chorus historique <identifiant de la structure>`",
    );
    expect(await commandAnswer(principal.slackId, "historique 00000000000000")).toBe(
      "Aucune structure ne porte l'identifiant 00000000000000.",
    );
  });
});
