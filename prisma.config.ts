// Prisma CLI configuration (Prisma 6.19, Rust-free): the schema engine runs as WebAssembly through
// the same driver adapter as the app, against DATABASE_URL or else the embedded PostgreSQL server of DATA_DIR
// (default ./data), like the app (src/config.ts). See README (Database).
import "./scripts/unref-long-timers.cjs";
import { defineConfig } from "prisma/config";
import type { DatabaseConnection } from "./src/db/connection.ts";

// Empty counts as unset, as in src/config.ts.
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || undefined;

// The schema's `url = env("DATABASE_URL")` must read as a postgres URL or the CLI tries to download
// an engine; in adapter mode it is never used to connect, so a placeholder does (`prisma generate`
// on a fresh install, embedded mode).
process.env.DATABASE_URL = databaseUrl ?? "postgresql://embedded@localhost/embedded";

let connecting: Promise<DatabaseConnection> | undefined;

/**
 * Reaches the database once per CLI run (the CLI calls `adapter()` several times): embedded, this
 * takes the data directory's lock (refused while the app runs) and starts its server, both released
 * when the CLI has nothing left to do.
 */
async function connectOnce(): Promise<DatabaseConnection> {
  const { connectDatabase } = await import("./src/db/connection.ts");
  const connection = await connectDatabase({ url: databaseUrl, dataDir }, { keepProcessAlive: false });
  let closed = false;
  process.on("beforeExit", () => {
    if (closed) return;
    closed = true;
    void connection.close();
  });
  return connection;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => {
    const { createAdapterFactory } = await import("./src/db/connection.ts");
    connecting ??= connectOnce();
    return createAdapterFactory(await connecting);
  },
});
