import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectDatabase } from "../../src/db/connection.ts";
import {
  type Database,
  DatabaseLockedError,
  EmbeddedServerError,
  openDatabase,
} from "../../src/db/database.ts";
import { lockFilePath } from "../../src/db/lock.ts";
import { applyMigrations, applyPendingMigrations, readMigrations } from "../../src/db/migrate.ts";
import { importPgliteDataDir } from "../../src/db/pglite-import.ts";
import { messagesFor } from "../../src/i18n/index.ts";
import { createLogger } from "../../src/logger.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { verifyHistory } from "../../src/services/history/verify-history.ts";
import { makeTempDataDir } from "../support/data-dir.ts";
import { onExternalServer } from "../support/test-server.ts";

/** A DATA_DIR the app's former version (PGlite) wrote through its REST API: see the brief of the import. */
const fixture = fileURLToPath(new URL("../fixtures/pglite-data-dir.tar.xz", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Settings both sides read row text with (timestamptz's text depends on the zone). */
const ROW_TEXT_SETTINGS = ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'"];

/** Every table's rows as text (sorted), which the import must reproduce exactly. */
type Contents = Record<string, string[]>;

/** What PGlite holds in `dataDir`/pgdata, read with PGlite itself (after `change`, if given). */
async function readPglite(dataDir: string, change?: (db: PGlite) => Promise<unknown>): Promise<Contents> {
  const db = await PGlite.create(path.join(dataDir, "pgdata"), { extensions: { pg_trgm, btree_gist } });
  try {
    if (change) await change(db);
    await db.exec(ROW_TEXT_SETTINGS.join(";"));
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
       ORDER BY tablename COLLATE "C"`,
    );
    const contents: Contents = {};
    for (const { name } of tables) {
      const { rows } = await db.query<{ row: string }>(
        `SELECT t::text AS row FROM "${name}" t ORDER BY t::text COLLATE "C"`,
      );
      contents[name] = rows.map((row) => row.row);
    }
    return contents;
  } finally {
    await db.close();
  }
}

/** The same, read from the embedded server through the app's own database handle. */
async function readServer(db: Database): Promise<Contents> {
  const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
     ORDER BY tablename COLLATE "C"`,
  );
  const contents: Contents = {};
  for (const { name } of tables) {
    const [, , rows] = await db.prisma.$transaction([
      ...ROW_TEXT_SETTINGS.map((setting) => db.prisma.$executeRawUnsafe(setting.replace("SET", "SET LOCAL"))),
      db.prisma.$queryRawUnsafe<{ row: string }[]>(
        `SELECT t::text AS row FROM "${name}" t ORDER BY t::text COLLATE "C"`,
      ),
    ]);
    contents[name] = (rows as { row: string }[]).map((row) => row.row);
  }
  return contents;
}

function counts(contents: Contents): Record<string, number> {
  return Object.fromEntries(Object.entries(contents).map(([table, rows]) => [table, rows.length]));
}

/** Every file and directory under `dir`, with the size and modification time of files. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .sort()
    .map((entry) => {
      const stat = statSync(path.join(dir, entry));
      return stat.isDirectory() ? `${entry}/` : `${entry} ${stat.size} ${stat.mtimeMs}`;
    });
}

function historyContext(db: Database): ServiceContext {
  // verifyHistory reads through Prisma and logs its result: nothing else of the context is used.
  return { prisma: db.prisma, messages: messagesFor("fr"), logger: createLogger("silent") } as ServiceContext;
}

const structureIdentifier = "00000000042424";

/**
 * Gives PGlite the migrations written since its version (its directories lack them; the import
 * applies them first, tested below), so that what a test reads from it has every table and column.
 */
async function migratePglite(db: PGlite): Promise<void> {
  await applyPendingMigrations(
    async <Row extends object>(sql: string, params?: unknown[]) =>
      params ? (await db.query<Row>(sql, params)).rows : (((await db.exec(sql)).at(-1)?.rows ?? []) as Row[]),
    await readMigrations(),
  );
}

describe.skipIf(onExternalServer)(
  "importing the PGlite database of the app's former version",
  { timeout: 120_000 },
  () => {
    let dataDir: string;
    let remove: () => void;
    let pgdata: string;

    // The fixture is unpacked once (xz is slow), and given the migrations written since it, so that
    // each test (working on a copy) starts from a directory of this version's tables and columns.
    let unpacked: { dataDir: string; remove(): void };
    beforeAll(async () => {
      unpacked = makeTempDataDir("pglite-fixture");
      execFileSync("tar", ["-xJf", fixture, "-C", path.dirname(unpacked.dataDir)]);
      const db = await PGlite.create(path.join(unpacked.dataDir, "pgdata"), {
        extensions: { pg_trgm, btree_gist },
      });
      try {
        await migratePglite(db);
      } finally {
        await db.close();
      }
    });
    afterAll(() => unpacked.remove());
    beforeEach(() => {
      ({ dataDir, remove } = makeTempDataDir("pglite-import"));
      execFileSync("cp", ["-a", unpacked.dataDir, dataDir]);
      pgdata = path.join(dataDir, "pgdata");
    });
    afterEach(() => remove());

    it("is what the app asks for when it opens such a directory, and that refusal changes nothing in it", async () => {
      const before = tree(dataDir);

      const error = await openDatabase({ dataDir }).catch((e) => e);

      expect(error).toBeInstanceOf(EmbeddedServerError);
      expect(error.message).toContain(`DATA_DIR=${dataDir} npm run db:import-pglite`);
      expect(error.message).toContain("Rien n'a été modifié");
      expect(error.message).toContain("Nothing was changed");
      expect(tree(dataDir)).toEqual(before);
      expect(readdirSync(dataDir)).toEqual(["pgdata"]);
    });

    it("copies every row of every table, so that the app then opens the directory with all PGlite held", async () => {
      const expected = await readPglite(dataDir);
      // What the fixture was written with (and what the app's former version showed).
      expect(counts(expected)).toMatchObject({
        Structure: 1,
        UserAccount: 2,
        AttachmentRequest: 1,
        HistoryEntry: 1,
      });

      // One row per chunk: every table of more than one row is read in several chunks.
      const report = await importPgliteDataDir(dataDir, {
        chunkRows: 1,
        now: () => new Date("2026-12-05T08:30:00Z"),
      });

      expect(report.copied).toBe(true);
      expect(report.pgliteMigrations).toEqual([]);
      expect(report.tables).toEqual(Object.entries(counts(expected)).map(([name, rows]) => ({ name, rows })));
      expect(report.movedTo).toBe(path.join(dataDir, "pgdata.imported-20261205T083000Z"));
      expect(existsSync(pgdata)).toBe(false);
      expect(existsSync(path.join(report.movedTo, "PG_VERSION"))).toBe(true);
      expect(existsSync(lockFilePath(dataDir))).toBe(false);

      const db = await openDatabase({ dataDir });
      try {
        expect(db.appliedMigrations).toEqual([]);
        expect(await readServer(db)).toEqual(expected);

        const structure = await db.prisma.structure.findUniqueOrThrow({
          where: { identifier: structureIdentifier },
          include: { services: true, attachments: { include: { user: true } } },
        });
        expect(structure.designation).toBe("Mairie de Testville");
        expect(structure.services.map((service) => service.label)).toEqual(["Comptabilité"]);
        expect(
          structure.attachments.map((attachment) => [attachment.user.loginEmail, attachment.role]),
        ).toEqual([["paule.principale@exemple.fr", "PRINCIPAL_MANAGER"]]);
        const pending = await db.prisma.attachmentRequest.findMany({
          where: { structureId: structure.id, status: "PENDING" },
          include: { user: true, requestedServices: true, messages: true },
        });
        expect(pending).toHaveLength(1);
        expect(pending[0]?.comment).toBe("Bonjour, je suis comptable");
        expect(pending[0]?.user.firstName).toBe("René");
        expect(pending[0]?.requestedServices.map((service) => service.code)).toEqual(["COMPTA"]);
        expect(pending[0]?.messages.map((message) => message.channelId)).toEqual(["CSTRUCT0001"]);
        expect(pending[0]?.createdAt.toISOString()).toBe("2026-12-04T16:46:08.421Z");
        const history = await db.prisma.historyEntry.findMany({ where: { structureId: structure.id } });
        expect(history.map((entry) => entry.action)).toEqual(["STRUCTURE_CREATED"]);
        expect(history[0]?.details).toEqual({
          identifier: structureIdentifier,
          principalManager: "paule.principale@exemple.fr",
        });

        // The chain hashes every entry's content, dates to the millisecond: it still verifies.
        expect(await verifyHistory(historyContext(db), { identifier: structureIdentifier })).toEqual({
          intact: true,
          entries: 1,
        });
      } finally {
        await db.close();
      }
    });

    it("keeps every value exactly: enum arrays, JSON numbers beyond doubles, a JSON null, dates, milliseconds", async () => {
      const expected = await readPglite(dataDir, async (db) => {
        await db.exec(`
        UPDATE "Structure" SET "spaces" = ARRAY['FACTURES_EMISES', 'SUIVI_FLUX']::"Space"[],
          "connectionInfo" = '{"url": "https://édi.exemple.fr/«x»", "port": 12345678901234567890.10,
                               "list": [1, null, "x", 1.0], "empty": {}, "quote": "\\"é\\""}',
          "updatedAt" = '2026-12-04 16:46:08.007';
        UPDATE "OutboxMessage" SET "payload" = 'null' WHERE "kind" = 'SLACK_PUBLISH_HOME';
        UPDATE "OutboxMessage" SET "payload" = '"texte"', "lastError" = E'ligne 1\\nligne 2\\t"x"'
          WHERE "kind" = 'SLACK_SHOW_REQUEST';
        INSERT INTO "FluxRejectFile" ("id", "structureId", "day")
          SELECT '9b0f1c1e-0000-4000-8000-000000000001', "id", DATE '2026-12-03' FROM "Structure";
        INSERT INTO "FluxReject" ("id", "fileId", "channel", "fluxNumber", "fileName", "depositDate",
            "paymentRequestNumber", "recipient", "rejectCode", "rejectLabel")
          VALUES ('9b0f1c1e-0000-4000-8000-000000000002', '9b0f1c1e-0000-4000-8000-000000000001', 'API',
            'FLUX-1', 'f.xml', '2026-12-03 23:59:59.999', 'DP-1', 'Mairie', 'R01', 'Rejet « test »');
        INSERT INTO "IdempotencyRecord" ("key", "clientHash", "route", "requestHash", "responseStatus",
            "responseBody", "createdAt")
          VALUES ('k', 'c', 'POST /x', 'r', 201, '[]', '2026-12-04 16:46:08.1');
      `);
      });

      await importPgliteDataDir(dataDir, { chunkRows: 2 });

      const db = await openDatabase({ dataDir });
      try {
        expect(await readServer(db)).toEqual(expected);
        const structure = await db.prisma.structure.findUniqueOrThrow({
          where: { identifier: structureIdentifier },
        });
        expect(structure.spaces).toEqual(["FACTURES_EMISES", "SUIVI_FLUX"]);
        expect(structure.updatedAt.toISOString()).toBe("2026-12-04T16:46:08.007Z");
        const [payload] = await db.prisma.$queryRawUnsafe<{ sqlNull: boolean; type: string }[]>(
          `SELECT "payload" IS NULL AS "sqlNull", jsonb_typeof("payload") AS type FROM "OutboxMessage"
         WHERE "kind" = 'SLACK_PUBLISH_HOME'`,
        );
        expect(payload).toEqual({ sqlNull: false, type: "null" });
        const [port] = await db.prisma.$queryRawUnsafe<{ port: string }[]>(
          `SELECT "connectionInfo"->>'port' AS port FROM "Structure"`,
        );
        expect(port?.port).toBe("12345678901234567890.10");
      } finally {
        await db.close();
      }
    });

    it("first applies to PGlite the migrations it lacks (a directory of an older version)", async () => {
      const before = await readPglite(dataDir, (db) =>
        db.exec(`
        DROP TABLE "HistoryHead";
        DELETE FROM "_prisma_migrations" WHERE "migration_name" = '20261129100000_history_head';
      `),
      );
      expect(before.HistoryHead).toBeUndefined();

      const report = await importPgliteDataDir(dataDir);

      expect(report.pgliteMigrations).toEqual(["20261129100000_history_head"]);
      const db = await openDatabase({ dataDir });
      try {
        const imported = await readServer(db);
        expect(imported).toMatchObject(before);
        // The migration gave the existing history its head, which the chain check ends at.
        expect(imported.HistoryHead).toHaveLength(1);
        expect(await verifyHistory(historyContext(db), { identifier: structureIdentifier })).toEqual({
          intact: true,
          entries: 1,
        });
      } finally {
        await db.close();
      }
    });

    it("runs as `npm run db:import-pglite`, which reports the rows and the old directory, then has nothing left to import", async () => {
      const expected = counts(await readPglite(dataDir));
      const run = () =>
        promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/import-pglite.ts"], {
          cwd: repositoryRoot,
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
        });

      const { stdout, stderr } = await run();

      expect(stderr).toBe("");
      for (const [table, rows] of Object.entries(expected))
        expect(stdout).toMatch(new RegExp(`^ +${table} +${rows}$`, "m"));
      const [movedTo] = readdirSync(dataDir).filter((entry) => entry.startsWith("pgdata.imported-"));
      expect(movedTo).toMatch(/^pgdata\.imported-\d{8}T\d{6}Z$/);
      expect(stdout).toContain(`Old directory moved to: ${path.join(dataDir, movedTo as string)}`);
      expect(existsSync(pgdata)).toBe(false);

      const second = await run().then(
        () => undefined,
        (e: { code: number; stdout: string; stderr: string }) => e,
      );

      expect(second?.code).toBe(1);
      expect(second?.stdout).toBe("");
      expect(second?.stderr).toContain("Rien à importer");
      expect(second?.stderr).toContain("Nothing to import");
      expect(second?.stderr).toContain(`the PGlite database was imported already`);
      expect(second?.stderr).toContain(path.join(dataDir, movedTo as string));
    });

    it("is refused while another process holds the directory, and writes nothing", async () => {
      // The app's former version holding it: its lock file held its pid.
      const holder: ChildProcess = spawn("sleep", ["60"]);
      try {
        writeFileSync(lockFilePath(dataDir), `${holder.pid}\n`);
        const before = tree(pgdata);

        const error = await importPgliteDataDir(dataDir).catch((e) => e);

        expect(error).toBeInstanceOf(DatabaseLockedError);
        expect(error.holderPid).toBe(holder.pid);
        expect(readdirSync(dataDir).sort()).toEqual(["lock", "pgdata"]);
        expect(tree(pgdata)).toEqual(before);
      } finally {
        holder.kill();
      }
    });

    it("is refused when PGlite cannot open the directory, leaving no server directory behind", async () => {
      writeFileSync(path.join(pgdata, "global", "pg_control"), Buffer.alloc(8192, 0x5a));

      const error = await importPgliteDataDir(dataDir).catch((e) => e);

      expect(error).toBeInstanceOf(EmbeddedServerError);
      expect(error.message).toContain(`PGlite n'a pas pu ouvrir ${pgdata}`);
      expect(error.message).toContain(`PGlite could not open ${pgdata}`);
      expect(error.message).toContain("nothing was imported");
      expect(existsSync(path.join(dataDir, "postgres"))).toBe(false);
      expect(existsSync(path.join(pgdata, "PG_VERSION"))).toBe(true);
      expect(existsSync(lockFilePath(dataDir))).toBe(false);
    });

    it("is refused when the embedded server already holds other data, which it leaves as it was", async () => {
      const connection = await connectDatabase({ dataDir }, { importingPglite: true });
      try {
        await applyMigrations(connection.client);
        const client = new pg.Client(connection.client);
        await client.connect();
        await client
          .query(
            `INSERT INTO "UserAccount" (id, "loginEmail", "lastName", "firstName", "lastNameKey", "firstNameKey", "updatedAt")
           VALUES (gen_random_uuid(), 'deja.la@exemple.fr', 'Là', 'Déjà', 'la', 'deja', now())`,
          )
          .finally(() => client.end());
      } finally {
        await connection.close();
      }

      const error = await importPgliteDataDir(dataDir).catch((e) => e);

      expect(error).toBeInstanceOf(EmbeddedServerError);
      expect(error.message).toContain("contient déjà des données (UserAccount)");
      expect(error.message).toContain("already holds data (UserAccount)");
      expect(error.message).toContain("nothing was imported or changed");
      expect(existsSync(path.join(pgdata, "PG_VERSION"))).toBe(true);
      renameSync(pgdata, `${pgdata}.aside`);
      const db = await openDatabase({ dataDir });
      try {
        expect((await db.prisma.userAccount.findMany()).map((user) => user.loginEmail)).toEqual([
          "deja.la@exemple.fr",
        ]);
      } finally {
        await db.close();
      }
    });

    it("only moves pgdata aside when an import stopped between its commit and that rename is run again", async () => {
      const first = await importPgliteDataDir(dataDir);
      renameSync(first.movedTo, pgdata);
      // The app refuses to start as long as pgdata/ is there, server directory or not.
      await expect(openDatabase({ dataDir })).rejects.toThrow("npm run db:import-pglite");

      const second = await importPgliteDataDir(dataDir, { now: () => new Date("2026-12-06T10:00:00Z") });

      expect(second.copied).toBe(false);
      expect(second.tables).toEqual(first.tables);
      expect(second.movedTo).toBe(path.join(dataDir, "pgdata.imported-20261206T100000Z"));
      const db = await openDatabase({ dataDir });
      try {
        expect(await db.prisma.userAccount.count()).toBe(2);
      } finally {
        await db.close();
      }
    });
  },
);
