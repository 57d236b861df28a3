import type pg from "pg";
import { CompatPrismaPg } from "./adapter.ts";
import { IN_MEMORY, startEmbeddedServer } from "./embedded.ts";

/** Where the database is: a PostgreSQL server, or an embedded PGlite in a directory. */
export interface DatabaseTarget {
  /** postgresql://… URL of a server; undefined = embedded PGlite persisted in `dataDir`. */
  url?: string | undefined;
  /** Embedded data directory (default "./data"); "memory://" = in-memory PGlite (tests). */
  dataDir?: string | undefined;
}

/** A reachable database: node-postgres settings for the migrator and for Prisma's adapter. */
export interface DatabaseConnection {
  kind: "embedded" | "postgresql";
  /** Settings of one connection (the migrator's). */
  client: pg.ClientConfig;
  /** Settings of Prisma's pool: one connection for PGlite (a single session), ten for a server. */
  pool: pg.PoolConfig;
  /** Stops what `connectDatabase` started (the embedded server); a no-op for a server. */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = "./data";

/** Reaches the target: for the embedded kind, locks the directory and starts PGlite's socket server. */
export async function connectDatabase(
  target: DatabaseTarget,
  options: { keepProcessAlive?: boolean } = {},
): Promise<DatabaseConnection> {
  if (target.url) {
    const client: pg.ClientConfig = { connectionString: target.url };
    return {
      kind: "postgresql",
      client,
      pool: { ...client, max: 10, allowExitOnIdle: true },
      close: async () => {},
    };
  }
  const server = await startEmbeddedServer(target.dataDir ?? DEFAULT_DATA_DIR, options);
  return {
    kind: "embedded",
    client: server.connection,
    pool: { ...server.connection, max: 1, allowExitOnIdle: true },
    close: () => server.close(),
  };
}

/**
 * Prisma's driver adapter factory for a connection. `prisma migrate dev` on PGlite gets its shadow
 * database from a second, in-memory PGlite (CREATE DATABASE on PGlite does not give a separate one).
 */
export function createAdapterFactory(connection: DatabaseConnection): CompatPrismaPg {
  if (connection.kind === "postgresql") return new CompatPrismaPg(connection.pool);
  return new CompatPrismaPg(connection.pool, {
    shadow: async () => {
      const shadowConnection = await connectDatabase({ dataDir: IN_MEMORY }, { keepProcessAlive: false });
      const shadow = await createAdapterFactory(shadowConnection).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await dispose();
        } finally {
          await shadowConnection.close();
        }
      };
      return shadow;
    },
  });
}
