import { describe, expect, it } from "vitest";
import { parisDay } from "../../../src/domain/dates.ts";
import { messagesFor } from "../../../src/i18n/index.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import { BOM, parseSemicolonCsv } from "../../support/csv.ts";
import {
  blocksOf,
  blocksStartingWith,
  optionsOf,
  type SlackView,
  type WithBlocks,
} from "../../support/fake-slack/index.ts";
import { fluxReject, recordRejects } from "../../support/flux-rejects.ts";
import { addStructure, type TestStructure, withId } from "../../support/pending-requests.ts";
import {
  makeSecondaryManager,
  outsider,
  type Person,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { slackOption } from "../../support/slack-requests.ts";

const fr = messagesFor("fr");
const DAY_MS = 24 * 60 * 60 * 1000;
const HEADER = [
  "Code du rejet",
  "Motif du rejet",
  "Désignation de la structure émettrice",
  "Identifiant de la structure émettrice",
  "Date de dépôt",
  "Numéro de la demande de paiement",
  "Numéro de flux",
  "Nom du fichier",
  "Canal",
  "Destinataire",
];

interface ListedFile {
  value: string;
  text: string;
  description: string | undefined;
}

describe("/chorus rejets", () => {
  const h = useHarness({ FLUX_REJECT_PURGE_CRON: "off" });

  /** Runs the command and returns the modal it opened, or the private answer when none opened. */
  async function runRejets(person: Person, text = "rejets") {
    const opened = h.slack.callsTo("views.open", { okOnly: true }).length;
    const { status, responseUrl } = await h.command({
      userId: person.slackId,
      text,
      channelId: "CLIST00001",
    });
    expect(status).toBe(200);
    await h.slack.waitFor(
      (calls) =>
        calls.filter((call) => call.method === "views.open" && call.ok).length > opened ||
        h.slack.responses.some((response) => response.url === responseUrl),
    );
    const answer = h.slack.responses.find((response) => response.url === responseUrl);
    const view = h.slack.callsTo("views.open", { okOnly: true })[opened]?.view as SlackView | undefined;
    return { view, answer: answer ? String(answer.body.text) : null };
  }

  function listedFiles(view: WithBlocks | undefined): ListedFile[] {
    return blocksStartingWith(view, BlockIds.fluxRejectsSelectionPrefix)
      .flatMap((block) => optionsOf(block).options)
      .map((option) => ({
        value: option.value ?? "",
        text: option.text.text,
        description: option.description?.text,
      }));
  }

  function submitFiles(person: Person, fileIds: string[]) {
    return h.submitView({
      userId: person.slackId,
      callbackId: CallbackIds.fluxRejectsModal,
      privateMetadata: "",
      values: {
        [`${BlockIds.fluxRejectsSelectionPrefix}0`]: {
          [ActionIds.fluxRejectsSelection]: {
            type: "checkboxes",
            selected_options: fileIds.map((id) => slackOption(id)),
          },
        },
      },
    });
  }

  /** The files shared by DM since `from`, once `count` of them arrived, as parsed CSV rows. */
  async function sharedFiles(from: number, count: number) {
    await h.slack.waitFor(() => h.slack.fileShares.length >= from + count);
    return h.slack.fileShares.slice(from).map((share) => {
      const text = h.slack.uploads.get(share.fileId)?.toString("utf8") ?? "";
      expect(text.startsWith(BOM)).toBe(true);
      return { ...share, rows: parseSemicolonCsv(text) };
    });
  }

  /** Two structures of `principal` with rejects of today; `secondary` manages the first only. */
  async function seedRejects(): Promise<{ mairie: TestStructure; other: TestStructure }> {
    const mairie = await withId(h, await seedStructure(h));
    const other = await addStructure(h, 7654321, { designation: "Agence de l'eau" });
    await makeSecondaryManager(h, mairie);
    await recordRejects(h, [
      fluxReject(mairie.identifier, {
        channel: "PORTAIL_XML",
        paymentRequestNumber: "FAC-0002",
        depositDate: "2026-11-26T10:00:00+01:00",
        rejectLabel: '=HYPERLINK("http://evil.test";"clic")',
      }),
      fluxReject(mairie.identifier, {
        paymentRequestNumber: "FAC-0001",
        depositDate: "2026-11-25T10:00:00+01:00",
      }),
      fluxReject(other.identifier, {
        channel: "API",
        paymentRequestNumber: "EAU-0001",
        rejectCode: "REJ_MONTANT",
      }),
    ]);
    return { mairie, other };
  }

  it("lists the files of the manager's structures and sends each ticked one by DM as a French Excel CSV", async () => {
    const { mairie, other } = await seedRejects();

    const { view } = await runRejets(principal);

    expect(view?.callback_id).toBe(CallbackIds.fluxRejectsModal);
    expect(JSON.stringify(blocksOf(view))).toContain(
      "2 fichiers disponibles, du plus récent au plus ancien.",
    );
    const files = listedFiles(view);
    expect(files.map((file) => file.description)).toEqual([
      `${other.identifier} — 1 rejet`,
      `${mairie.identifier} — 2 rejets`,
    ]);
    expect(files[1]?.text).toMatch(/^\d{2}\/\d{2}\/\d{4} — Mairie de Saint-Exemple$/);

    const sharedBefore = h.slack.fileShares.length;
    const answer = await submitFiles(
      principal,
      files.map((file) => file.value),
    );

    expect(answer.json.response_action).toBe("update");
    expect(JSON.stringify(answer.json.view)).toContain("Les 2 fichiers vous sont envoyés en message privé.");
    const shared = await sharedFiles(sharedBefore, 2);
    expect(shared.map((share) => share.channel)).toEqual(["DPRINC0001", "DPRINC0001"]);
    const mairieFile = shared.find((share) => share.filename?.startsWith(`rejets-${mairie.identifier}-`));
    expect(mairieFile?.filename).toMatch(
      new RegExp(`^rejets-${mairie.identifier}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    expect(mairieFile?.title).toMatch(
      new RegExp(
        `^Rejets de flux de Mairie de Saint-Exemple \\(${mairie.identifier}\\) du \\d{2}/\\d{2}/\\d{4}$`,
      ),
    );
    expect(mairieFile?.rows).toEqual([
      HEADER,
      [
        "REJ_SIRET",
        "Le SIRET du destinataire est inconnu.",
        "Mairie de Saint-Exemple",
        mairie.identifier,
        "25/11/2026",
        "FAC-0001",
        "FLUX-2026-0001",
        "factures-novembre.xml",
        "EDI / TDT",
        "Direction régionale des finances publiques",
      ],
      [
        "REJ_SIRET",
        `'=HYPERLINK("http://evil.test";"clic")`,
        "Mairie de Saint-Exemple",
        mairie.identifier,
        "26/11/2026",
        "FAC-0002",
        "FLUX-2026-0001",
        "factures-novembre.xml",
        "Portail (XML)",
        "Direction régionale des finances publiques",
      ],
    ]);
    const otherFile = shared.find((share) => share.filename?.startsWith(`rejets-${other.identifier}-`));
    expect(otherFile?.rows.slice(1).map((row) => [row[0], row[2], row[5], row[8]])).toEqual([
      ["REJ_MONTANT", "Agence de l'eau", "EAU-0001", "API"],
    ]);
  });

  it("shows a secondary manager only the files of their structures and refuses a forged file of another on submit", async () => {
    const { mairie, other } = await seedRejects();
    const otherFile = await h.database.prisma.fluxRejectFile.findFirstOrThrow({
      where: { structureId: other.id },
    });

    const { view } = await runRejets(secondary);

    expect(listedFiles(view).map((file) => file.description)).toEqual([`${mairie.identifier} — 2 rejets`]);
    const sharedBefore = h.slack.fileShares.length;
    const mine = listedFiles(view)[0]?.value ?? "";
    const answer = await submitFiles(secondary, [mine, otherFile.id]);

    expect(answer.json.response_action).toBe("update");
    expect(JSON.stringify(answer.json.view)).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure Agence de l'eau",
    );
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(h.slack.fileShares).toHaveLength(sharedBefore);
  });

  it("refuses /chorus rejets to a simple user and to an outsider with a clear message, and opens nothing", async () => {
    const { mairie } = await seedRejects();
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: requester.email },
    });
    await h.database.prisma.attachment.create({
      data: {
        userId: account.id,
        structureId: mairie.id,
        scopeKey: "*",
        role: "SIMPLE_USER",
        status: "VALIDATED",
        startDate: new Date("2026-01-01"),
      },
    });
    const opened = h.slack.callsTo("views.open").length;

    for (const person of [requester, outsider]) {
      const { view, answer } = await runRejets(person);
      expect(view).toBeUndefined();
      expect(answer).toBe(fr.fluxRejects.managersOnly);
    }
    const { answer } = await runRejets(secondary, "rejets 99999999999999");
    expect(answer).toContain(
      "Vous n'êtes ni gestionnaire principal ni gestionnaire secondaire de la structure 99999999999999",
    );
    expect((await runRejets(principal, "rejets a b")).answer).toBe(fr.fluxRejects.usage);
    expect(h.slack.callsTo("views.open")).toHaveLength(opened);
  });

  it("asks to tick a file when the list is submitted with none", async () => {
    await seedRejects();

    const answer = await submitFiles(principal, []);

    expect(answer.json).toEqual({
      response_action: "errors",
      errors: { [`${BlockIds.fluxRejectsSelectionPrefix}0`]: "Cochez au moins un fichier." },
    });
  });

  it("lists the 50 newest files in groups of ten, counts the older ones, narrows to one structure, and never lists a file past 15 days", async () => {
    const first = await withId(h, await seedStructure(h));
    const structures = [first];
    for (const seed of [7654321, 7654322, 7654323]) structures.push(await addStructure(h, seed));
    const today = parisDay(new Date()).getTime();
    // 16 kept days (today and the 15 before) per structure, and one day past the retention.
    await h.database.prisma.fluxRejectFile.createMany({
      data: structures.flatMap((structure) =>
        Array.from({ length: 17 }, (_, age) => ({
          structureId: structure.id,
          day: new Date(today - age * DAY_MS),
        })),
      ),
    });

    const { view } = await runRejets(principal);

    const groups = blocksStartingWith(view, BlockIds.fluxRejectsSelectionPrefix);
    expect(groups.map((block) => optionsOf(block).options.length)).toEqual([10, 10, 10, 10, 10]);
    const text = JSON.stringify(blocksOf(view));
    expect(text).toContain("Les 50 fichiers les plus récents sur 64.");
    expect(text).toContain("… et 14 fichiers plus anciens");

    const narrowed = await runRejets(principal, `rejets ${first.identifier}`);
    const files = listedFiles(narrowed.view);
    expect(files).toHaveLength(16);
    expect(new Set(files.map((file) => file.description))).toEqual(
      new Set([`${first.identifier} — 0 rejet`]),
    );
    const oldest = new Date(today - 15 * DAY_MS);
    expect(files.at(-1)?.text).toContain(oldest.toISOString().slice(0, 10).split("-").reverse().join("/"));
  });

  it("opens the structure's files from the digest's button", async () => {
    const { mairie } = await seedRejects();
    const opened = h.slack.callsTo("views.open", { okOnly: true }).length;

    const status = await h.clickButton({
      userId: principal.slackId,
      actionId: ActionIds.openFluxRejects,
      value: mairie.identifier,
      channelId: "CSTRUCT0001",
      messageTs: "1700000000.000100",
    });

    expect(status).toBe(200);
    await h.slack.waitFor(
      (calls) => calls.filter((call) => call.method === "views.open" && call.ok).length > opened,
    );
    const view = h.slack.callsTo("views.open", { okOnly: true })[opened]?.view as SlackView | undefined;
    expect(listedFiles(view).map((file) => file.description)).toEqual([`${mairie.identifier} — 2 rejets`]);
  });
});
