import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { nameKeys } from "../../../src/domain/search-key.ts";
import { excelCsvStream, parisIsoDay, streamToBuffer } from "../../../src/export/excel-csv.ts";
import { type Messages, messagesFor } from "../../../src/i18n/index.ts";
import { authorisationRows } from "../../../src/services/exports/export-authorisations.ts";
import { exportSelectedUsers } from "../../../src/services/exports/export-selected-users.ts";
import {
  structureUsersCsv,
  structureUsersHeader,
} from "../../../src/services/exports/export-structure-users.ts";
import { API_TOKEN, useHarness } from "../../support/app-harness.ts";
import { BOM, parseSemicolonCsv } from "../../support/csv.ts";
import {
  actorOf,
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";

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
/** A selection in the search may span several structures: each row names its own. */
const SELECTION_HEADER = [...USERS_HEADER, "Identifiant de la structure", "Désignation de la structure"];
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

describe("the users and authorisations exports", () => {
  const h = useHarness();

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
    // The manager's space, opened to the principal when the structure was created.
    expect(rows).toContainEqual([
      principal.lastName,
      principal.firstName,
      principal.email,
      ...place,
      "Tous les services",
      "Gestionnaire principal",
      "Activités du gestionnaire",
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
    expect(rows).toHaveLength(1 + 5);
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

  /** What the users export must write: the same rows read through Prisma, through the app's CSV writer. */
  async function expectedUsersCsv(messages: Messages, structureId: string, accountIds?: string[]) {
    const attachments = await h.database.prisma.attachment.findMany({
      where: { structureId, status: "VALIDATED", ...(accountIds ? { userId: { in: accountIds } } : {}) },
      include: { user: true, service: true },
      orderBy: { id: "asc" },
    });
    const rows = attachments.map(({ user, service, role, startDate }) => [
      user.lastName,
      user.firstName,
      user.loginEmail,
      user.contactEmail,
      messages.accountStatuses[user.status],
      messages.roles[role],
      service ? `${service.label} (${service.code})` : messages.attachmentRequest.wholeStructure,
      startDate,
    ]);
    return streamToBuffer(excelCsvStream({ messages, header: structureUsersHeader(messages), rows }));
  }

  it("has the database write byte for byte the CSV the app's writer writes from the same rows, tricky cells included", async () => {
    const structure = await seedExportable();
    const { prisma, exportReader } = h.database;
    // Quotes, separators and line breaks in cells (a CRLF inside a cell is not a record end), an empty
    // contact address, a formula behind a non-breaking space.
    const tricky = await prisma.userAccount.create({
      data: {
        loginEmail: "tricky@x.fr",
        lastName: 'Du "Pont";\nde\r\nla Rive',
        firstName: "\u00a0=1+1",
        contactEmail: "",
        ...nameKeys({ lastName: "Du Pont de la Rive", firstName: "=1+1" }),
      },
    });
    await prisma.attachment.create({
      data: {
        userId: tricky.id,
        structureId: structure.id,
        scopeKey: scopeKeyOf(null),
        startDate: new Date("2026-12-31"),
      },
    });
    const scope = { structureIds: [structure.id] };

    for (const messages of [fr, messagesFor("en")]) {
      const written = await streamToBuffer(structureUsersCsv(exportReader, messages, scope));
      expect(written.toString("utf8")).toBe(
        (await expectedUsersCsv(messages, structure.id)).toString("utf8"),
      );
    }
    const chosen = await streamToBuffer(
      structureUsersCsv(exportReader, fr, { ...scope, accountIds: [tricky.id] }),
    );
    expect(chosen.equals(await expectedUsersCsv(fr, structure.id, [tricky.id]))).toBe(true);
    expect(parseSemicolonCsv(chosen.toString("utf8"))[1]?.slice(0, 4)).toEqual([
      'Du "Pont";\nde\r\nla Rive',
      "'\u00a0=1+1",
      "tricky@x.fr",
      "",
    ]);
    const none = await streamToBuffer(structureUsersCsv(exportReader, fr, { ...scope, accountIds: [] }));
    expect(none.toString("utf8")).toBe(`${BOM}${USERS_HEADER.join(";")}\r\n`);
  });

  it("reads the same authorisations whatever the batch size", async () => {
    const structure = await seedExportable();
    const { exportReader } = h.database;
    const collect = async (iterable: AsyncIterable<unknown[]>) => {
      const rows: unknown[][] = [];
      for await (const row of iterable) rows.push(row);
      return rows;
    };
    const place = { id: structure.id, identifier: structure.identifier, designation: structure.designation };

    const authorisations = await collect(authorisationRows(exportReader, fr, place));

    expect(authorisations.length).toBeGreaterThan(1);
    expect(await collect(authorisationRows(exportReader, fr, place, 1))).toEqual(authorisations);
  });

  /** `count` accounts attached to the structure, generated by the database itself. */
  async function attachMany(structureId: string, count: number): Promise<void> {
    const { prisma } = h.database;
    await prisma.$executeRawUnsafe(`
      INSERT INTO "UserAccount" ("id", "loginEmail", "lastName", "firstName", "lastNameKey", "firstNameKey", "updatedAt")
      SELECT gen_random_uuid(), 'masse.' || i || '@exemple.fr', 'Masse ' || i, 'Prénom', 'masse ' || i, 'prenom', now()
      FROM generate_series(1, ${count}) i`);
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Attachment" ("id", "userId", "structureId", "scopeKey", "startDate", "updatedAt")
      SELECT gen_random_uuid(), u."id", $1::uuid, '*', DATE '2026-06-01', now()
      FROM "UserAccount" u WHERE u."loginEmail" LIKE 'masse.%'`,
      structureId,
    );
  }

  /** The sessions copying an export out right now. */
  async function copiesRunning(): Promise<number> {
    const [row] = await h.database.prisma.$queryRaw<[{ count: number }]>`
      SELECT count(*)::int AS "count" FROM pg_stat_activity
      WHERE "query" LIKE 'COPY (SELECT excel_cell%' AND "state" = 'active'`;
    return row.count;
  }

  it("streams a large export: its first bytes come out while the database is still writing the rest", async () => {
    const structure = await seedExportable();
    // Some 15 MB of CSV: more than the socket buffers between the database and the app hold.
    await attachMany(structure.id, 150_000);
    const stream = structureUsersCsv(h.database.exportReader, fr, { structureIds: [structure.id] });
    const chunks = stream[Symbol.asyncIterator]();

    const first = await chunks.next();
    const second = await chunks.next();

    expect(String(first.value).startsWith(BOM)).toBe(true);
    expect(second.done).toBe(false);
    // The client reads no further: the copy waits for it (backpressure) rather than filling memory.
    expect(await copiesRunning()).toBe(1);
    let rest = String(first.value) + String(second.value);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest += String(next.value);
    const rows = parseSemicolonCsv(rest);
    expect(rows).toHaveLength(1 + 4 + 150_000);
    expect(rows.filter((row) => row[0]?.startsWith("Masse "))).toHaveLength(150_000);
    expect(await copiesRunning()).toBe(0);
  }, 120_000);

  it("lets go of the database when a download stops half-way, so the next export runs in full", async () => {
    const structure = await seedExportable();
    await attachMany(structure.id, 50_000);
    const { exportReader } = h.database;
    const exportOnce = () => structureUsersCsv(exportReader, fr, { structureIds: [structure.id] });

    // Several abandoned downloads: more than the reader has sessions, so a session kept would block.
    for (let attempt = 0; attempt < 3; attempt++) {
      const abandoned = exportOnce();
      const chunks = abandoned[Symbol.asyncIterator]();
      await chunks.next();
      await chunks.next();
      abandoned.destroy();
    }
    const complete = parseSemicolonCsv((await streamToBuffer(exportOnce())).toString("utf8"));

    expect(complete).toHaveLength(1 + 4 + 50_000);
    await expect.poll(copiesRunning).toBe(0);
    // The app's own queries were never held up.
    expect(await h.database.prisma.structure.count()).toBe(1);
  }, 120_000);

  it("exports the selected users' attachments on the structures the manager manages, and nothing of the others'", async () => {
    const managed = await seedExportable();
    // A second structure `secondary` does not manage, where `requester` is attached too.
    const foreign = await seedStructure(h, { seed: 7654321 });
    const { prisma } = h.database;
    const [foreignStructure, requesterAccount, outsiderAccount] = await Promise.all([
      prisma.structure.findUniqueOrThrow({ where: { identifier: foreign.identifier } }),
      prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: requester.email } }),
      prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: outsider.email } }),
    ]);
    await prisma.attachment.create({
      data: {
        userId: requesterAccount.id,
        structureId: foreignStructure.id,
        scopeKey: scopeKeyOf(null),
        startDate: new Date("2026-04-10"),
      },
    });

    const exported = await exportSelectedUsers(h.runtime.ctx, await actorOf(h, secondary), {
      accountIds: [requesterAccount.id, managed.nastyId, outsiderAccount.id, requesterAccount.id],
    });

    expect(exported.filename).toMatch(/^utilisateurs-selection-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.title).toBe("2 utilisateurs sélectionnés");
    const text = (await streamToBuffer(exported.stream)).toString("utf8");
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parseSemicolonCsv(text);
    expect(rows[0]).toEqual(SELECTION_HEADER);
    // The requester's attachment to the foreign structure (from 10/04/2026) and the refused outsider are left out.
    expect(rows.slice(1)).toHaveLength(2);
    expect(rows).toContainEqual([...NASTY_USER_ROW, managed.identifier, managed.designation]);
    expect(rows).toContainEqual([
      requester.lastName,
      requester.firstName,
      requester.email,
      "",
      expect.any(String),
      "Utilisateur simple",
      "Toute la structure",
      "01/02/2026",
      managed.identifier,
      managed.designation,
    ]);
  });

  it("refuses a selected users export that is empty or holds nobody of the manager's structures", async () => {
    const managed = await seedExportable();
    const { prisma } = h.database;
    const outsiderAccount = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: outsider.email },
    });
    const manager = await actorOf(h, secondary);

    await expect(exportSelectedUsers(h.runtime.ctx, manager, { accountIds: [] })).rejects.toMatchObject({
      code: "invalid_input",
      message: "Sélectionnez au moins un utilisateur à exporter.",
    });
    const notManaged = {
      code: "forbidden",
      message:
        "Aucun des utilisateurs sélectionnés n'est rattaché à une structure dont vous êtes gestionnaire.",
    };
    // The outsider's attachment was refused; a forged id is no account; the requester manages nothing.
    await expect(
      exportSelectedUsers(h.runtime.ctx, manager, { accountIds: [outsiderAccount.id, "not-an-id"] }),
    ).rejects.toMatchObject(notManaged);
    await expect(
      exportSelectedUsers(h.runtime.ctx, await actorOf(h, requester), { accountIds: [managed.nastyId] }),
    ).rejects.toMatchObject(notManaged);
  });

  it("sends the users file to the manager by DM when asked with /chorus exporter", async () => {
    const structure = await seedExportable();

    const sharedBefore = h.slack.fileShares.length;

    const answer = await h.commandAnswer(secondary.slackId, `exporter ${structure.identifier}`);

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

    const answer = await h.commandAnswer(principal.slackId, `exporter ${structure.identifier} habilitations`);

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

    expect(await h.commandAnswer(outsider.slackId, `exporter ${structure.identifier}`)).toContain(
      "ni gestionnaire principal ni gestionnaire secondaire",
    );
    expect(
      await h.commandAnswer(requester.slackId, `exporter ${structure.identifier} habilitations`),
    ).toContain("ni gestionnaire principal ni gestionnaire secondaire");
    expect(await h.commandAnswer(principal.slackId, "exporter 00000000000000")).toBe(
      "Aucune structure ne porte l'identifiant 00000000000000.",
    );
    expect(await h.commandAnswer(principal.slackId, "exporter")).toBe(fr.exports.usage);
    expect(await h.commandAnswer(principal.slackId, `exporter ${structure.identifier} factures`)).toBe(
      fr.exports.usage,
    );
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(h.slack.fileShares).toHaveLength(sharedBefore);
  });
});
