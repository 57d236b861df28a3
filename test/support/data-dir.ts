import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVER_DIR } from "../../src/db/embedded.ts";
import { testServer } from "./test-server.ts";

/**
 * A DATA_DIR of its own for an embedded server, removed by `remove()`. Its parent is made 0755: when
 * the tests run as root, the server runs as the `postgres` user, which must traverse it.
 */
export function makeTempDataDir(prefix: string): { dataDir: string; remove(): void } {
  const parent = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  chmodSync(parent, 0o755);
  return {
    dataDir: path.join(parent, "data"),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/**
 * {@link makeTempDataDir}, its server already initialised (not migrated), as after a first start.
 * initdb costs about a second of CPU, and the tests that do not test the first start need not pay it
 * each time: they get a copy (owner and modes kept) of the server directory the global setup
 * initialised (embedded run only).
 */
export function makeInitialisedDataDir(prefix: string): { dataDir: string; remove(): void } {
  const serverDir = testServer().pristineServerDir;
  if (!serverDir) throw new Error("an initialised data directory is made on the embedded run only");
  const made = makeTempDataDir(prefix);
  mkdirSync(made.dataDir, { mode: 0o700 });
  const copy = spawnSync("cp", ["-a", serverDir, path.join(made.dataDir, SERVER_DIR)], { encoding: "utf8" });
  if (copy.status !== 0) throw new Error(`could not copy the initialised server: ${copy.stderr}`);
  return made;
}
