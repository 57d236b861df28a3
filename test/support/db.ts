import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "../../src/db/adapter.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";

export type TestDatabaseKind = "embedded" | "postgresql";

/** The server CI gives the tests (a throwaway database is created on it per openTestDatabase). */
function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/** ["embedded"] always, plus "postgresql" when process.env.TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return testServerUrl() ? ["embedded", "postgresql"] : ["embedded"];
}

/** Runs statements on the test server's own database (CREATE/DROP DATABASE cannot run in the target). */
export async function onTestServer(statements: string[]): Promise<void> {
  const serverUrl = testServerUrl();
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `test_<random>` on the TEST_DATABASE_URL server and returns its URL. */
export async function createTestServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await onTestServer([`CREATE DATABASE "${name}"`]);
  return {
    url: withDatabase(testServerUrl() as string, name),
    drop: () => onTestServer([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]),
  };
}

/**
 * A fresh, migrated, empty database: embedded = in-memory PGlite; postgresql = a new throwaway
 * database created on the TEST_DATABASE_URL server (CREATE DATABASE test_<random>), dropped by close().
 */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Database & { url?: string }> {
  if (kind === "embedded") return openDatabase({ dataDir: "memory://" });
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
