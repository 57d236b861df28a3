import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "../../src/db/adapter.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { testServer } from "./test-server.ts";

/** Runs statements on the test server's own database (CREATE/DROP DATABASE cannot run in the target). */
export async function onTestServer(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: testServer().url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database `test_<random>` on the run's test server and returns its URL: a copy of the
 * migrated, empty template, or (`empty: true`) a database with no table at all.
 */
export async function createTestServerDatabase(
  options: { empty?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const server = testServer();
  const name = `test_${randomBytes(6).toString("hex")}`;
  await onTestServer([
    `CREATE DATABASE "${name}" TEMPLATE "${options.empty ? "template0" : server.template}"`,
  ]);
  return {
    url: withDatabase(server.url, name),
    drop: () => onTestServer([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]),
  };
}

/** A fresh, migrated, empty database of its own on the test server, dropped by close(). */
export async function openTestDatabase(): Promise<Database & { url: string }> {
  const created = await createTestServerDatabase();
  let db: Database;
  try {
    db = await openDatabase({ url: created.url });
  } catch (error) {
    await created.drop();
    throw error;
  }
  return {
    ...db,
    url: created.url,
    close: async () => {
      try {
        await db.close();
      } finally {
        await created.drop();
      }
    },
  };
}

/** Empties every table (TRUNCATE … CASCADE) except _prisma_migrations, for a clean state between tests. */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await db.prisma.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map(({ name }) => `"${name.replaceAll('"', '""')}"`).join(", ");
  await db.prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}
