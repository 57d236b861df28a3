import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "../../src/db/adapter.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { withTempDataDir } from "./data-dir.ts";

export type BenchDatabaseKind = "embedded" | "postgresql";

export const DATABASE_LABELS: Record<BenchDatabaseKind, string> = {
  embedded: "embedded PostgreSQL server",
  postgresql: "PostgreSQL",
};

/** The server tried when BENCH_DATABASE_URL is unset: the one the tests use on a developer machine. */
const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

let server: Promise<string | null> | undefined;

/**
 * The PostgreSQL server the benches also run on: BENCH_DATABASE_URL (it must answer), or the local
 * default when it answers; null (with one line saying so) when there is none. Asked once per run.
 */
export function benchServerUrl(): Promise<string | null> {
  server ??= (async () => {
    const configured = process.env.BENCH_DATABASE_URL || undefined;
    const url = configured ?? DEFAULT_SERVER_URL;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return url;
    } catch (error) {
      await client.end().catch(() => {});
      // A server named on purpose that does not answer is a broken run, not a skipped one.
      if (configured) throw error;
      console.log(
        `PostgreSQL: no server answers at ${url} (set BENCH_DATABASE_URL): PostgreSQL figures skipped`,
      );
      return null;
    }
  })();
  return server;
}

/** The databases every bench runs on: embedded always, PostgreSQL when a server answers. */
export async function benchDatabaseKinds(): Promise<BenchDatabaseKind[]> {
  return (await benchServerUrl()) ? ["embedded", "postgresql"] : ["embedded"];
}

/**
 * A throwaway database `<prefix>_<random>` on the bench server for the time of `use`, dropped after
 * (CREATE/DROP DATABASE run on the server's own database).
 */
export async function withThrowawayDatabase<T>(prefix: string, use: (url: string) => Promise<T>): Promise<T> {
  const serverUrl = await benchServerUrl();
  if (!serverUrl) throw new Error("no PostgreSQL server to bench on");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      return await use(withDatabase(serverUrl, name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * The app's database of that kind, fresh and migrated, for `use`: the embedded PostgreSQL server of a
 * new temporary data directory (started by `openDatabase` as the app starts it, stopped and removed
 * after), or a throwaway database on the bench server.
 */
export async function withBenchDatabase<T>(
  kind: BenchDatabaseKind,
  use: (database: Database) => Promise<T>,
): Promise<T> {
  const opened = async (target: { url?: string; dataDir?: string }) => {
    const database = await openDatabase(target);
    try {
      return await use(database);
    } finally {
      await database.close();
    }
  };
  if (kind === "embedded") return withTempDataDir("chorus-bench", (dataDir) => opened({ dataDir }));
  return withThrowawayDatabase("bench", (url) => opened({ url }));
}
