import type pg from "pg";
import { CompatPrismaPg } from "./adapter.ts";
import { type StartEmbeddedServerOptions, startEmbeddedServer } from "./embedded.ts";

/** Where the database is: a PostgreSQL server, or the embedded one of a data directory. */
export interface DatabaseTarget {
  /** postgresql://… URL of a server; undefined = the embedded PostgreSQL server of `dataDir`. */
  url?: string | undefined;
  /** Embedded data directory (default "./data"). */
  dataDir?: string | undefined;
}

/** A reachable database: node-postgres settings for the migrator and for Prisma's adapter. */
export interface DatabaseConnection {
  kind: "embedded" | "postgresql";
  /** Settings of one connection (the migrator's, the notification session's). */
  client: pg.ClientConfig;
  /** Settings of Prisma's pool. */
  pool: pg.PoolConfig;
  /** Stops what `connectDatabase` started (the embedded server); a no-op for a server. */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = "./data";

/**
 * Prisma's pool: ten connections, let go when idle so that a CLI run can end. A session holds some
 * 15 MB of the server's memory: one unused for 2 s is closed (opening one again costs a few ms), so
 * that an idle app keeps only what its outbox polling uses.
 */
function poolOf(client: pg.ClientConfig): pg.PoolConfig {
  return { ...client, max: 10, idleTimeoutMillis: 2000, allowExitOnIdle: true };
}

/**
 * Startup options of every session the app opens: no JIT compiling. PostgreSQL compiles a query whose
 * estimated cost passes `jit_above_cost`, and the app's largest reads (the digest at 100,000 pending
 * requests) spent longer compiling (450 ms) than JIT saved; its queries are short ones. A URL's own
 * `options` parameter replaces this one. The embedded server is built without JIT anyway.
 */
const SESSION_OPTIONS = "-c jit=off";

/**
 * Reaches the target: for the embedded kind, locks the directory and starts its PostgreSQL server.
 * Past that, both kinds are the same: a PostgreSQL server reached by node-postgres.
 */
export async function connectDatabase(
  target: DatabaseTarget,
  options: Pick<StartEmbeddedServerOptions, "keepProcessAlive" | "importingPglite"> = {},
): Promise<DatabaseConnection> {
  if (target.url) {
    const client: pg.ClientConfig = { connectionString: target.url, options: SESSION_OPTIONS };
    return { kind: "postgresql", client, pool: poolOf(client), close: async () => {} };
  }
  const server = await startEmbeddedServer(target.dataDir ?? DEFAULT_DATA_DIR, options);
  const client: pg.ClientConfig = { ...server.connection, options: SESSION_OPTIONS };
  return {
    kind: "embedded",
    client,
    pool: poolOf(client),
    close: () => server.close(),
  };
}

/** Prisma's driver adapter factory for a connection (the app's and the CLI's). */
export function createAdapterFactory(connection: DatabaseConnection): CompatPrismaPg {
  return new CompatPrismaPg(connection.pool);
}
