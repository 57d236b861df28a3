import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../src/domain/attachment-scope.ts";
import { nameKeys } from "../../src/domain/search-key.ts";
import { parisIsoDay } from "../../src/export/excel-csv.ts";
import { messagesFor } from "../../src/i18n/index.ts";
import { authorisationRows } from "../../src/services/export-authorisations.ts";
import { structureUserRows } from "../../src/services/export-structure-users.ts";
import { API_TOKEN, useHarness } from "../support/app-harness.ts";
import { BOM, parseSemicolonCsv } from "../support/csv.ts";
import { testDatabaseKinds } from "../support/db.ts";
import {
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../support/scenario.ts";

const fr = messagesFor("fr");
const USERS_HEADER = [
  "Nom",
  "Prénom",
  "Adresse de connexion",
  "Adresse de contact",
  "Statut",
  "Rôle",
  "Rattachement",
  "Date de début de validité",
];
const AUTHORISATIONS_HEADER = [
  "Nom",
  "Prénom",
  "Adresse de connexion",
  "Identifiant de la structure",
  "Désignation de la structure",
  "Service",
  "Rôle",
  "Espace",
  "Accès",
];
/** A user whose every field tries a formula on whoever opens the export in a spreadsheet. */
const NASTY = {
  loginEmail: "=cmd@x.fr",
  firstName: "@foo",
  lastName: '=HYPERLINK("http://evil.test";"clic")',
  contactEmail: "+33123456789",
};
const NASTY_USER_ROW = [
  `'${NASTY.lastName}`,
  "'@foo",
  "'=cmd@x.fr",
  "'+33123456789",
  "En cours d'activation",
  "Utilisateur simple",
  "Ressources humaines (RH)",
  "05/03/2026",
];

describe.each(testDatabaseKinds())("the users and authorisations exports (%s database)", (kind) => {
  const h = useHarness(kind);

  /**
   * The seeded structure with `secondary` as secondary manager, `requester` attached to the whole
   * structure, the formula-laden user attached to the RH service, `outsider` refused (not exported),
   * and a few subscriptions.
   */
  async function seedExportable(): Promise<SeededStructure & { id: string; nastyId: string }> {
    const structure = await seedStructure(h, { services: [{ code: "RH", label: "Ressources humaines" }] });
    await makeSecondaryManager(h, structure);
    const { prisma } = h.database;
    const found = await prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
      include: { services: true },
    });
    const rh = found.services[0];
    if (!rh) throw new Error("no RH service");
    const nasty = await prisma.userAccount.create({
      data: { ...NASTY, ...nameKeys(NASTY), status: "PENDING_ACTIVATION" },
    });
    const account = (email: string) => prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } });
    const [principalAccount, requesterAccount, outsiderAccount] = await Promise.all([
      account(principal.email),
      account(requester.email),
      account(outsider.email),
    ]);
    await prisma.attachment.createMany({
      data: [
        {
          userId: nasty.id,
          structureId: found.id,
          serviceId: rh.id,
          scopeKey: scopeKeyOf(rh.id),
          startDate: new Date("2026-03-05"),
        },
        {
          userId: requesterAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          startDate: new Date("2026-02-01"),
        },
        {
          userId: outsiderAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          startDate: new Date("2026-02-01"),
          status: "REFUSED",
        },
      ],
    });
    await prisma.subscription.createMany({
      data: [
        {
          userId: nasty.id,
          structureId: found.id,
          serviceId: rh.id,
          scopeKey: scopeKeyOf(rh.id),
          space: "FACTURES_RECUES",
          access: "CONSULTATION",
        },
        {
          userId: principalAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          space: "FACTURES_EMISES",
        },
        {
          userId: principalAccount.id,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          space: "ENGAGEMENTS",
          status: "DEACTIVATED",
        },
      ],
    });
    return { ...structure, id: found.id, nastyId: nasty.id };
  }

  async function commandAnswer(userId: string, text: string): Promise<string> {
    const { status, responseUrl } = await h.command({ userId, text, channelId: "CLIST00001" });
    expect(status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const response = h.slack.responses.find((candidate) => candidate.url === responseUrl);
      if (response) return String((response.body as { text?: string }).text);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("no answer to the command");
  }

  function download(path: string, token: string | null = API_TOKEN) {
    return fetch(`${h.baseUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  }

  it("streams the users of a structure over the API as an Excel-friendly CSV that parses back to the same rows", async () => {
    const structure = await seedExportable();
    const dayBefore = parisIsoDay(new Date());

    const response = await download(`/api/v1/structures/${structure.identifier}/users.csv`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const days = new Set([dayBefore, parisIsoDay(new Date())]);
    expect(
      [...days].map((day) => `attachment; filename="utilisateurs-${structure.identifier}-${day}.csv"`),
    ).toContain(response.headers.get("content-disposition"));
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(BOM.length).split("\r\n")[0]).toBe(USERS_HEADER.join(";"));
    const rows = parseSemicolonCsv(text);
    expect(rows[0]).toEqual(USERS_HEADER);
    expect(rows).toHaveLength(1 + 4);
    expect(rows).toContainEqual(NASTY_USER_ROW);
    expect(rows).toContainEqual([
      requester.lastName,
      requester.firstName,
      requester.email,
      "",
      expect.any(String),
      "Utilisateur simple",
      "Toute la structure",
      "01/02/2026",
    ]);
    expect(rows).toContainEqual([
      secondary.lastName,
      secondary.firstName,
      secondary.email,
      "",
      expect.any(String),
      "Gestionnaire secondaire",
      "Toute la structure",
      "01/01/2026",
    ]);
    const principalRow = rows.find((row) => row[2] === principal.email);
    expect(principalRow?.[5]).toBe("Gestionnaire principal");
    expect(principalRow?.[7]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(rows.some((row) => row[2] === outsider.email)).toBe(false);
  });

  it("streams the authorisations of a structure over the API, one row per active subscription", async () => {
    const structure = await seedExportable();

    const response = await download(`/api/v1/structures/${structure.identifier}/authorisations.csv`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="habilitations-${structure.identifier}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const rows = parseSemicolonCsv(await response.text());
    expect(rows[0]).toEqual(AUTHORISATIONS_HEADER);
    const place = [structure.identifier, structure.designation];
    expect(rows).toContainEqual([
      `'${NASTY.lastName}`,
      "'@foo",
      "'=cmd@x.fr",
      ...place,
      "Ressources humaines (RH)",
      "Utilisateur simple",
      "Factures reçues",
      "Consultation",
    ]);
    expect(rows).toContainEqual([
      principal.lastName,
      principal.firstName,
      principal.email,
      ...place,
      "Tous les services",
      "Gestionnaire principal",
      "Factures émises",
      "Modification",
    ]);
    // Users without any subscription are listed too; deactivated subscriptions and refused users are not.
    expect(rows).toContainEqual([
      requester.lastName,
      requester.firstName,
      requester.email,
      ...place,
      "",
      "Utilisateur simple",
      "",
      "",
    ]);
    expect(rows.some((row) => row[7] === "Engagements")).toBe(false);
    expect(rows.some((row) => row[2] === outsider.email)).toBe(false);
    expect(rows).toHaveLength(1 + 4);
  });

  it("answers 404 in JSON for an unknown structure and 401 without a valid token, before any CSV byte", async () => {
    await seedExportable();

    const unknown = await download("/api/v1/structures/00000000000000/users.csv");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await unknown.json()).toEqual({
      error: {
        code: "not_found",
        message: "Aucune structure ne porte l'identifiant 00000000000000.",
        details: [],
      },
    });
    expect((await download("/api/v1/structures/00000000000000/authorisations.csv")).status).toBe(404);
    const anonymous = await download("/api/v1/structures/00000000000000/users.csv", null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(
      (await download("/api/v1/structures/00000000000000/users.csv", "wrong-token-0123456789")).status,
    ).toBe(401);
  });

  it("reads page after page by keyset and exports only the chosen accounts when asked", async () => {
    const structure = await seedExportable();
    const { prisma } = h.database;
    const collect = async (iterable: AsyncIterable<unknown[]>) => {
      const rows: unknown[][] = [];
      for await (const row of iterable) rows.push(row);
      return rows;
    };

    const onePage = await collect(structureUserRows(prisma, fr, { structureId: structure.id }));
    const pagesOfOne = await collect(structureUserRows(prisma, fr, { structureId: structure.id }, 1));
    const pagesOfTwo = await collect(structureUserRows(prisma, fr, { structureId: structure.id }, 2));
    const chosen = await collect(
      structureUserRows(prisma, fr, { structureId: structure.id, accountIds: [structure.nastyId] }),
    );
    const none = await collect(structureUserRows(prisma, fr, { structureId: structure.id, accountIds: [] }));
    const place = { id: structure.id, identifier: structure.identifier, designation: structure.designation };
    const authorisations = await collect(authorisationRows(prisma, fr, place));
    const authorisationsPaged = await collect(authorisationRows(prisma, fr, place, 1));

    expect(onePage).toHaveLength(4);
    expect(pagesOfOne).toEqual(onePage);
    expect(pagesOfTwo).toEqual(onePage);
    expect(chosen.map((row) => row[2])).toEqual([NASTY.loginEmail]);
    expect(none).toEqual([]);
    expect(authorisationsPaged).toEqual(authorisations);
  });

  it("sends the users file to the manager by DM when asked with /chorus exporter", async () => {
    const structure = await seedExportable();

    const sharedBefore = h.slack.fileShares.length;

    const answer = await commandAnswer(secondary.slackId, `exporter ${structure.identifier}`);

    expect(answer).toMatch(
      new RegExp(
        `^Le fichier utilisateurs-${structure.identifier}-\\d{4}-\\d{2}-\\d{2}\\.csv vous a été envoyé en message privé\\.$`,
      ),
    );
    const shares = h.slack.fileShares.slice(sharedBefore);
    expect(shares).toHaveLength(1);
    const share = shares[0];
    expect(share?.channel).toBe("DSECON0001");
    expect(share?.filename).toMatch(/^utilisateurs-.*\.csv$/);
    expect(share?.title).toBe(`Utilisateurs de ${structure.designation} (${structure.identifier})`);
    const bytes = h.slack.uploads.get(share?.fileId ?? "");
    expect(bytes).toBeDefined();
    expect(h.slack.pendingFiles.get(share?.fileId ?? "")?.length).toBe(bytes?.length);
    const text = bytes?.toString("utf8") ?? "";
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parseSemicolonCsv(text);
    expect(rows[0]).toEqual(USERS_HEADER);
    expect(rows).toHaveLength(1 + 4);
    expect(rows).toContainEqual(NASTY_USER_ROW);
  });

  it("sends the authorisations file with /chorus exporter <identifiant> habilitations", async () => {
    const structure = await seedExportable();

    const sharedBefore = h.slack.fileShares.length;

    const answer = await commandAnswer(principal.slackId, `exporter ${structure.identifier} habilitations`);

    expect(answer).toContain(`Le fichier habilitations-${structure.identifier}-`);
    const share = h.slack.fileShares[sharedBefore];
    expect(share?.channel).toBe("DPRINC0001");
    const rows = parseSemicolonCsv(h.slack.uploads.get(share?.fileId ?? "")?.toString("utf8") ?? "");
    expect(rows[0]).toEqual(AUTHORISATIONS_HEADER);
    expect(rows.find((row) => row[2] === principal.email)?.slice(5)).toEqual([
      "Tous les services",
      "Gestionnaire principal",
      "Factures émises",
      "Modification",
    ]);
  });

  it("refuses /chorus exporter to a non-manager, answers an unknown structure or a bad usage, and sends no file", async () => {
    const structure = await seedExportable();
    const sharedBefore = h.slack.fileShares.length;

    expect(await commandAnswer(outsider.slackId, `exporter ${structure.identifier}`)).toContain(
      "ni gestionnaire principal ni gestionnaire secondaire",
    );
    expect(
      await commandAnswer(requester.slackId, `exporter ${structure.identifier} habilitations`),
    ).toContain("ni gestionnaire principal ni gestionnaire secondaire");
    expect(await commandAnswer(principal.slackId, "exporter 00000000000000")).toBe(
      "Aucune structure ne porte l'identifiant 00000000000000.",
    );
    expect(await commandAnswer(principal.slackId, "exporter")).toBe(fr.exports.usage);
    expect(await commandAnswer(principal.slackId, `exporter ${structure.identifier} factures`)).toBe(
      fr.exports.usage,
    );
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(h.slack.fileShares).toHaveLength(sharedBefore);
  });
});
