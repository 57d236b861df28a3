import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { isUniqueViolation } from "../../src/db/errors.ts";
import { readMigrations } from "../../src/db/migrate.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { makeInitialisedDataDir } from "../support/data-dir.ts";
import { createTestServerDatabase, resetDatabase } from "../support/db.ts";
import { onExternalServer } from "../support/test-server.ts";

const migrations = await readMigrations();
const migrationNames = migrations.map((migration) => migration.name);

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

function recordedMigrations(db: Database): Promise<MigrationRow[]> {
  return db.prisma.$queryRaw<MigrationRow[]>`
    SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
    FROM "_prisma_migrations" ORDER BY migration_name`;
}

type TargetKind = "embedded" | "postgresql";

/**
 * An empty database that outlives one `openDatabase` (an embedded server's data directory, or a
 * database of the test server), with the environment that points the Prisma CLI at it.
 */
async function reopenableTarget(kind: TargetKind) {
  if (kind === "embedded") {
    const { dataDir, remove } = makeInitialisedDataDir("db-test");
    return {
      open: () => openDatabase({ dataDir }),
      cliEnv: { DATABASE_URL: "", DATA_DIR: dataDir },
      dispose: async () => remove(),
    };
  }
  const created = await createTestServerDatabase({ empty: true });
  return {
    open: () => openDatabase({ url: created.url }),
    cliEnv: { DATABASE_URL: created.url },
    dispose: () => created.drop(),
  };
}

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the project's Prisma CLI (prisma.config.ts included) and returns its output. */
async function prismaCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [path.join(repositoryRoot, "node_modules/prisma/build/index.js"), ...args],
    { cwd: repositoryRoot, env: { ...process.env, ...env } },
  );
  return stdout + stderr;
}

const user = (loginEmail: string) => ({
  loginEmail,
  lastName: "Martin",
  firstName: "Claire",
  lastNameKey: "martin",
  firstNameKey: "claire",
});

describe.each<TargetKind>(onExternalServer ? ["postgresql"] : ["embedded", "postgresql"])(
  "the %s database",
  (kind) => {
    describe("its migrations", () => {
      it("are all applied to an empty database and recorded with Prisma's checksums", async () => {
        const target = await reopenableTarget(kind);
        const db = await target.open();
        try {
          expect(db.kind).toBe(kind);
          expect(db.appliedMigrations).toEqual(migrationNames);
          const rows = await recordedMigrations(db);
          expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
            migrations.map((migration) => [migration.name, migration.checksum, 1]),
          );
          expect(rows.every((row) => row.finished_at instanceof Date && row.rolled_back_at === null)).toBe(
            true,
          );
        } finally {
          await db.close();
          await target.dispose();
        }
      });

      it("are a no-op when the database is opened a second time", async () => {
        const target = await reopenableTarget(kind);
        try {
          const first = await target.open();
          expect(first.appliedMigrations).toEqual(migrationNames);
          await first.close();
          const second = await target.open();
          try {
            expect(second.appliedMigrations).toEqual([]);
            expect(await recordedMigrations(second)).toHaveLength(migrations.length);
          } finally {
            await second.close();
          }
        } finally {
          await target.dispose();
        }
      });

      it("leave the database in a state `prisma migrate status` reports as up to date", async () => {
        const target = await reopenableTarget(kind);
        try {
          await (await target.open()).close();

          const output = await prismaCli(["migrate", "status"], target.cliEnv);

          expect(output).toMatch(new RegExp(`${migrations.length} migrations? found in prisma/migrations`));
          expect(output).toContain("Database schema is up to date!");
        } finally {
          await target.dispose();
        }
      });
    });

    describe("once open", () => {
      let db: Database;
      let target: Awaited<ReturnType<typeof reopenableTarget>> | undefined;

      beforeAll(async () => {
        target = await reopenableTarget(kind);
        db = await target.open();
      });
      afterAll(async () => {
        await db?.close();
        await target?.dispose();
      });
      afterEach(async () => {
        await resetDatabase(db);
      });

      it("reports a duplicate UserAccount.loginEmail as a unique violation from a model query", async () => {
        await db.prisma.userAccount.create({ data: user("claire.martin@exemple.fr") });

        const error = await db.prisma.userAccount
          .create({ data: user("claire.martin@exemple.fr") })
          .catch((e) => e);

        expect(isUniqueViolation(error)).toBe(true);
      });

      it("reports a duplicate UserAccount.loginEmail as a unique violation from raw SQL and from a transaction", async () => {
        await db.prisma.userAccount.create({ data: user("claire.martin@exemple.fr") });

        const raw = await db.prisma.$executeRaw`
        INSERT INTO "UserAccount" (id, "loginEmail", "lastName", "firstName", "lastNameKey", "firstNameKey", "updatedAt")
        VALUES (gen_random_uuid(), 'claire.martin@exemple.fr', 'Martin', 'Claire', 'martin', 'claire', now())`.catch(
          (e) => e,
        );
        const inTx = await inTransaction(db.prisma, (tx) =>
          tx.userAccount.create({ data: user("claire.martin@exemple.fr") }),
        ).catch((e) => e);

        expect(isUniqueViolation(raw)).toBe(true);
        expect(isUniqueViolation(inTx)).toBe(true);
      });

      it("does not take other errors for unique violations", async () => {
        const missing = await db.prisma.userAccount
          .update({ where: { loginEmail: "nobody@exemple.fr" }, data: { firstName: "X" } })
          .catch((e) => e);
        const foreignKey = await db.prisma.service
          .create({
            data: {
              structureId: "00000000-0000-0000-0000-000000000000",
              code: "RH",
              label: "RH",
              labelKey: "rh",
            },
          })
          .catch((e) => e);

        expect(missing).toBeInstanceOf(Error);
        expect(foreignKey).toBeInstanceOf(Error);
        expect(isUniqueViolation(missing)).toBe(false);
        expect(isUniqueViolation(foreignKey)).toBe(false);
        expect(isUniqueViolation(new Error("duplicate"))).toBe(false);
        expect(isUniqueViolation(undefined)).toBe(false);
      });

      it("refuses a second principal manager on a structure, and lets the principal hold several scopes", async () => {
        const structure = await db.prisma.structure.create({
          data: {
            identifier: "73282932000074",
            designation: "Mairie",
            designationKey: "mairie",
            kind: "PUBLIQUE",
          },
        });
        const service = await db.prisma.service.create({
          data: { structureId: structure.id, code: "RH", label: "RH", labelKey: "rh" },
        });
        const [first, second] = [
          await db.prisma.userAccount.create({ data: user("a@exemple.fr") }),
          await db.prisma.userAccount.create({ data: user("b@exemple.fr") }),
        ];
        const principalOn = (userId: string, serviceId: string | null) =>
          db.prisma.attachment.create({
            data: {
              userId,
              structureId: structure.id,
              serviceId,
              scopeKey: serviceId ?? "*",
              role: "PRINCIPAL_MANAGER",
              startDate: new Date("2026-01-01"),
            },
          });
        await principalOn(first.id, null);
        await principalOn(first.id, service.id);

        const error = await principalOn(second.id, null).catch((e) => e);

        expect(String(error?.message)).toContain("Attachment_one_principal_per_structure");
        // A former principal's rows no longer count once deleted: the handover's order.
        await db.prisma.attachment.updateMany({ where: { userId: first.id }, data: { status: "DELETED" } });
        await expect(principalOn(second.id, null)).resolves.toMatchObject({ role: "PRINCIPAL_MANAGER" });
      });

      it("commits what a transaction wrote and rolls everything back when it throws", async () => {
        await inTransaction(db.prisma, (tx) => tx.userAccount.create({ data: user("a@exemple.fr") }));
        const failure = await inTransaction(db.prisma, async (tx) => {
          await tx.userAccount.create({ data: user("b@exemple.fr") });
          throw new Error("abandon");
        }).catch((e) => e);

        expect((failure as Error).message).toBe("abandon");
        const logins = await db.prisma.userAccount.findMany({ select: { loginEmail: true } });
        expect(logins).toEqual([{ loginEmail: "a@exemple.fr" }]);
      });

      it("is emptied by resetDatabase, its migration history kept", async () => {
        await db.prisma.userAccount.create({ data: user("a@exemple.fr") });

        await resetDatabase(db);

        expect(await db.prisma.userAccount.count()).toBe(0);
        expect(await recordedMigrations(db)).toHaveLength(migrations.length);
      });
    });
  },
);

describe("several replicas starting on one PostgreSQL database", () => {
  it("both migrate one fresh database at the same time, the migrations applied once", async () => {
    const created = await createTestServerDatabase({ empty: true });
    try {
      const opened = await Promise.all([
        openDatabase({ url: created.url }),
        openDatabase({ url: created.url }),
      ]);
      try {
        const applied = opened.map((db) => db.appliedMigrations);
        expect(applied).toContainEqual(migrationNames);
        expect(applied).toContainEqual([]);
        expect(await recordedMigrations(opened[0] as Database)).toHaveLength(migrations.length);
      } finally {
        await Promise.all(opened.map((db) => db.close()));
      }
    } finally {
      await created.drop();
    }
  });
});
