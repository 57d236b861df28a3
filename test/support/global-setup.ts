// Vitest global setup: one PostgreSQL server for the whole run, and a migrated template database
// each test file copies its own databases from. TEST_DATABASE_URL names a server to use; without
// it, an embedded server (the app's own, src/db/embedded.ts) is started in a temporary directory.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { withDatabase } from "../../src/db/adapter.ts";
import { SERVER_DIR, startEmbeddedServer } from "../../src/db/embedded.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import type { TestServer } from "./test-server.ts";

/** node-postgres reads the socket directory of a URL from its `host` parameter. */
function socketUrl(connection: pg.ClientConfig): string {
  return `postgresql://${connection.user}@localhost:${connection.port}/${connection.database}?host=${encodeURIComponent(String(connection.host))}`;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.TEST_DATABASE_URL || undefined;
  let stopServer = async () => {};
  let pristineServerDir: string | undefined;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chorus-test-server-"));
    // As root the server runs as the `postgres` user, which must traverse this directory.
    chmodSync(dir, 0o755);
    const [server, pristine] = await Promise.all([
      // Every test file's pools and app processes at once: PostgreSQL's default.
      startEmbeddedServer(path.join(dir, "data"), { fastInit: true, maxConnections: 100 }),
      startEmbeddedServer(path.join(dir, "pristine"), { fastInit: true }),
    ]);
    await pristine.close();
    pristineServerDir = path.join(dir, "pristine", SERVER_DIR);
    url = socketUrl(server.connection);
    stopServer = async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `chorus_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
    await applyMigrations({ connectionString: withDatabase(url, template) });
  } finally {
    await admin.end();
  }
  const testServer: TestServer = { url, template, ...(pristineServerDir ? { pristineServerDir } : {}) };
  project.provide("testServer", testServer);
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).finally(() => client.end());
    await stopServer();
  };
}
