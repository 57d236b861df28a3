import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/db/migrate.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { findChainBreak, type StoredEntry } from "../../src/domain/history-chain.ts";
import { appendHistory } from "../../src/services/history/history.ts";
import { verifyHistory } from "../../src/services/history/verify-history.ts";
import { useHarness } from "../support/app-harness.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { seedStructure } from "../support/scenario.ts";

/** The migration that chained the history: the backfill test stops just before it. */
const CHAIN_MIGRATION = "20261128201318_history_hash_chain";

/** The lines a structure's creation writes: its creation, then its principal's default spaces. */
const CREATION_ENTRIES = 2;

describe("the history chain verification", () => {
  const h = useHarness();

  async function structureWithHistory(extraEntries: number) {
    const seeded = await seedStructure(h);
    const structure = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: seeded.identifier },
    });
    for (let index = 0; index < extraEntries; index++) {
      await inTransaction(h.database.prisma, (tx) =>
        appendHistory(tx, {
          structureId: structure.id,
          action: "STRUCTURE_CHANNEL_SET",
          actorSlackUserId: "UPRINC0001",
          comment: `Canal n°${index}`,
          details: { to: `C${index}`, from: null },
        }),
      );
    }
    return structure;
  }

  function verify(identifier: string) {
    return h.api("GET", `/api/v1/structures/${identifier}/history/verify`);
  }

  it("reports an intact chain with the number of entries of the structure's history", async () => {
    const structure = await structureWithHistory(4);

    const answer = await verify(structure.identifier);

    expect(answer).toEqual({ status: 200, json: { intact: true, entries: CREATION_ENTRIES + 4 } });
    const entries = await h.database.prisma.historyEntry.findMany({
      where: { structureId: structure.id },
      orderBy: { sequence: "asc" },
    });
    expect(entries.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries.slice(0, CREATION_ENTRIES).map((entry) => entry.action)).toEqual([
      "STRUCTURE_CREATED",
      "DEFAULT_SUBSCRIPTIONS_GRANTED",
    ]);
    expect(entries[0]?.previousHash).toBeNull();
    expect(entries.slice(1).map((entry) => entry.previousHash)).toEqual(
      entries.slice(0, -1).map((entry) => entry.hash),
    );
  });

  it("reports the entry whose comment was updated directly in the database", async () => {
    const structure = await structureWithHistory(4);
    const altered = await h.database.prisma.historyEntry.findFirstOrThrow({
      where: { structureId: structure.id, sequence: 3 },
    });
    await h.database.prisma
      .$executeRaw`UPDATE "HistoryEntry" SET "comment" = 'Rien à signaler' WHERE "id" = ${altered.id}::uuid`;

    const answer = await verify(structure.identifier);

    expect(answer).toEqual({
      status: 200,
      json: {
        intact: false,
        entries: CREATION_ENTRIES + 4,
        firstBreak: { sequence: 3, id: altered.id, reason: "altered_content" },
      },
    });
  });

  it("reports the entry following a row deleted directly in the database", async () => {
    const structure = await structureWithHistory(4);
    await h.database.prisma
      .$executeRaw`DELETE FROM "HistoryEntry" WHERE "structureId" = ${structure.id}::uuid AND "sequence" = 2`;
    const next = await h.database.prisma.historyEntry.findFirstOrThrow({
      where: { structureId: structure.id, sequence: 3 },
    });

    const answer = await verify(structure.identifier);

    expect(answer.json).toEqual({
      intact: false,
      entries: CREATION_ENTRIES + 3,
      firstBreak: { sequence: 3, id: next.id, reason: "missing_entry" },
    });
  });

  it("reports the last entry deleted directly in the database, which leaves a valid chain before it", async () => {
    const structure = await structureWithHistory(4);
    await h.database.prisma
      .$executeRaw`DELETE FROM "HistoryEntry" WHERE "structureId" = ${structure.id}::uuid AND "sequence" = 6`;

    const answer = await verify(structure.identifier);

    expect(answer.json).toEqual({
      intact: false,
      entries: CREATION_ENTRIES + 3,
      firstBreak: { sequence: 6, reason: "missing_last_entries" },
    });
  });

  it("still shows the gap once an entry is appended after the last ones were deleted", async () => {
    const structure = await structureWithHistory(4);
    await h.database.prisma
      .$executeRaw`DELETE FROM "HistoryEntry" WHERE "structureId" = ${structure.id}::uuid AND "sequence" >= 4`;
    const appended = await inTransaction(h.database.prisma, (tx) =>
      appendHistory(tx, { structureId: structure.id, action: "STRUCTURE_CHANNEL_SET", comment: "Après" }),
    );

    const answer = await verify(structure.identifier);

    expect(appended.sequence).toBe(7);
    expect(answer.json).toEqual({
      intact: false,
      entries: 4,
      firstBreak: { sequence: 7, id: appended.id, reason: "missing_entry" },
    });
  });

  it("reports the first of two rows whose hashes were swapped", async () => {
    const structure = await structureWithHistory(3);
    const [second, third] = await h.database.prisma.historyEntry.findMany({
      where: { structureId: structure.id, sequence: { in: [2, 3] } },
      orderBy: { sequence: "asc" },
    });
    await h.database.prisma.$executeRaw`UPDATE "HistoryEntry" SET "hash" = CASE "id"
      WHEN ${second?.id}::uuid THEN ${third?.hash} ELSE ${second?.hash} END
      WHERE "id" IN (${second?.id}::uuid, ${third?.id}::uuid)`;

    const answer = await verify(structure.identifier);

    expect(answer.json).toMatchObject({
      intact: false,
      firstBreak: { sequence: 2, reason: "altered_content" },
    });
  });

  it("reads a long history page by page and still finds a break far into it", async () => {
    const structure = await structureWithHistory(11);
    await h.database.prisma
      .$executeRaw`UPDATE "HistoryEntry" SET "details" = '{"to": "CPIRATE", "from": null}' WHERE "structureId" = ${structure.id}::uuid AND "sequence" = 10`;

    const verification = await verifyHistory(h.runtime.ctx, { identifier: structure.identifier }, 3);

    expect(verification).toMatchObject({
      intact: false,
      entries: CREATION_ENTRIES + 11,
      firstBreak: { sequence: 10 },
    });
    expect(await verifyHistory(h.runtime.ctx, { identifier: structure.identifier }, 4)).toEqual(verification);
  });

  it("keeps one unbroken chain when 20 decisions are appended to one structure at the same time", async () => {
    const structure = await structureWithHistory(0);

    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        inTransaction(h.database.prisma, (tx) =>
          appendHistory(tx, {
            structureId: structure.id,
            action: "ATTACHMENT_VALIDATED",
            comment: `Décision ${index}`,
            details: { role: "SIMPLE_USER", wholeStructure: true, serviceIds: [] },
          }),
        ),
      ),
    );

    const entries = await h.database.prisma.historyEntry.findMany({
      where: { structureId: structure.id },
      orderBy: { sequence: "asc" },
    });
    expect(entries.map((entry) => entry.sequence)).toEqual(
      Array.from({ length: CREATION_ENTRIES + 20 }, (_, index) => index + 1),
    );
    expect(new Set(entries.map((entry) => entry.previousHash)).size).toBe(CREATION_ENTRIES + 20);
    expect((await verify(structure.identifier)).json).toEqual({
      intact: true,
      entries: CREATION_ENTRIES + 20,
    });
  });

  it("answers 404 for an unknown structure and 401 without the API token", async () => {
    const unknown = await verify("00000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({
      code: "not_found",
      message: "Aucune structure ne porte l'identifiant 00000000000000.",
    });

    const anonymous = await fetch(`${h.baseUrl}/api/v1/structures/00000000000000/history/verify`);
    expect(anonymous.status).toBe(401);
  });
});

describe("the migration that chains an existing history", () => {
  async function connect() {
    const created = await createTestServerDatabase({ empty: true });
    return { connection: await connectDatabase({ url: created.url }), drop: created.drop };
  }

  it("chains the entries written before it, per structure in order of creation, as the app checks them", async () => {
    const before = await mkdtemp(join(tmpdir(), "migrations-"));
    const { connection, drop } = await connect();
    const client = new pg.Client(connection.client);
    try {
      for (const name of await readdir(MIGRATIONS_DIR)) {
        if (name < CHAIN_MIGRATION)
          await cp(new URL(name, MIGRATIONS_DIR), join(before, name), { recursive: true });
      }
      await applyMigrations(connection.client, pathToFileURL(`${before}/`));
      await client.connect();
      const structures = [randomUUID(), randomUUID()];
      for (const [index, id] of structures.entries()) {
        await client.query(
          `INSERT INTO "Structure" ("id", "identifier", "designation", "designationKey", "kind", "updatedAt")
           VALUES ($1, $2, 'Mairie', 'mairie', 'PUBLIQUE', now())`,
          [id, `0000000000000${index}`],
        );
      }
      const rows: [string, string, string | null, unknown][] = [
        [
          structures[0] as string,
          "2026-03-01T10:00:00.123Z",
          'Motif "précis"\nsur deux lignes',
          { reason: "x" },
        ],
        [structures[1] as string, "2026-03-01T09:00:00.000Z", null, null],
        [
          structures[0] as string,
          "2026-02-01T08:30:00.007Z",
          null,
          { wholeStructure: false, role: "SIMPLE_USER", serviceIds: ["b", "a"], nested: { z: 1.5, a: true } },
        ],
        [structures[0] as string, "2026-04-01T00:00:00.000Z", "Été", { to: "C1", from: null }],
      ];
      for (const [structureId, createdAt, comment, details] of rows) {
        await client.query(
          `INSERT INTO "HistoryEntry" ("id", "structureId", "action", "actorSlackUserId", "comment", "details", "createdAt")
           VALUES ($1, $2, 'ATTACHMENT_VALIDATED', 'U1', $3, $4, $5)`,
          [randomUUID(), structureId, comment, details === null ? null : JSON.stringify(details), createdAt],
        );
      }

      await applyMigrations(connection.client);

      const { rows: chained } = await client.query<StoredEntry>(
        // "createdAt" has no time zone: read as UTC whatever the machine's zone, as Prisma reads it.
        `SELECT "id", "structureId", "sequence", "action", "actorId", "actorSlackUserId", "targetUserId",
           "attachmentRequestId", "subscriptionRequestId", "comment", "details", "previousHash", "hash",
           "createdAt" AT TIME ZONE 'UTC' AS "createdAt"
         FROM "HistoryEntry" ORDER BY "structureId", "sequence"`,
      );
      const byStructure = structures.map((id) => chained.filter((entry) => entry.structureId === id));
      expect(byStructure.map((entries) => entries.map((entry) => entry.createdAt.toISOString()))).toEqual([
        ["2026-02-01T08:30:00.007Z", "2026-03-01T10:00:00.123Z", "2026-04-01T00:00:00.000Z"],
        ["2026-03-01T09:00:00.000Z"],
      ]);
      for (const entries of byStructure) {
        expect(entries.map((entry, index) => findChainBreak(entries[index - 1] ?? null, entry))).toEqual(
          entries.map(() => null),
        );
      }
    } finally {
      await client.end().catch(() => {});
      await connection.close();
      await drop?.();
      await rm(before, { recursive: true, force: true });
    }
  });
});
