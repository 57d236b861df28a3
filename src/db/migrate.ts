import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import pg from "pg";
import { APP_ROOT } from "../app-root.ts";

/** prisma/migrations, found from the app's root so that the working directory does not matter. */
export const MIGRATIONS_DIR = new URL("prisma/migrations/", APP_ROOT);

/** The key `prisma migrate deploy` locks too: our migrators and the CLI's never overlap. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's own table definition (as `prisma migrate deploy` creates it on PostgreSQL). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  /** Folder name, e.g. 20261128173031_init. */
  name: string;
  script: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  checksum: string;
}

/** The migrations of a prisma/migrations folder, in Prisma's order (folder names sorted). */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(new URL(`${name}/migration.sql`, dir));
      return {
        name,
        script: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
}

/** Thrown when the database records a migration that failed (by `prisma migrate deploy`). */
export class FailedMigrationError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `La migration ${migrationName} a échoué sur cette base : corrigez-la puis marquez-la avec ` +
        `« prisma migrate resolve ». / Migration ${migrationName} failed on this database: fix it, ` +
        `then mark it with "prisma migrate resolve".`,
    );
    this.name = "FailedMigrationError";
  }
}

/**
 * Runs SQL on one session and returns the rows of its (last) statement. With `params` it is one
 * statement with $1…; without, the text may hold several statements (the simple query protocol), as
 * a migration script does. node-postgres's client fits it, and so does PGlite's (see pglite-import.ts).
 */
export type RunQuery = <Row extends object = Record<string, unknown>>(
  sql: string,
  params?: unknown[],
) => Promise<Row[]>;

/**
 * Applies the migrations the session's database lacks, each in its own transaction as one
 * simple-protocol query (so a failed migration leaves nothing behind), and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so the CLI agrees with the result.
 * The caller serialises concurrent migrators. Returns the names applied.
 */
export async function applyPendingMigrations(
  run: RunQuery,
  migrations: readonly Migration[],
): Promise<string[]> {
  await run(CREATE_MIGRATIONS_TABLE);
  const rows = await run<{ migration_name: string; finished_at: Date | null }>(
    `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) throw new FailedMigrationError(failed.migration_name);
  const applied = new Set(rows.map((row) => row.migration_name));
  const pending = migrations.filter((migration) => !applied.has(migration.name));
  for (const migration of pending) {
    await run("BEGIN");
    try {
      const started = await run<{ now: Date }>("SELECT clock_timestamp() AS now");
      await run(migration.script);
      await run(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), migration.checksum, migration.name, started[0]?.now],
      );
      await run("COMMIT");
    } catch (error) {
      await run("ROLLBACK");
      throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return pending.map((migration) => migration.name);
}

/**
 * Applies the pending migrations of `dir` to the database of `connection` (applyPendingMigrations).
 * Concurrent migrators (replicas starting together, the CLI) are serialised by Prisma's advisory
 * lock. Returns the names applied.
 */
export async function applyMigrations(
  connection: pg.ClientConfig,
  dir: URL = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      return await applyPendingMigrations(
        async (sql, params) => (await client.query(sql, params)).rows,
        migrations,
      );
    } finally {
      // Ending the session releases it anyway: an error here must not hide the real one.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
