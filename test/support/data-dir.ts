import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVER_DIR, startEmbeddedServer } from "../../src/db/embedded.ts";

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

let pristine: Promise<{ serverDir: string }> | undefined;

/** A server directory initdb made, stopped cleanly, made once per worker and removed when it exits. */
function pristineServerDir(): Promise<{ serverDir: string }> {
  pristine ??= (async () => {
    const { dataDir, remove } = makeTempDataDir("pristine-server");
    process.once("exit", remove);
    const server = await startEmbeddedServer(dataDir, { fastInit: true });
    await server.close();
    return { serverDir: path.join(dataDir, SERVER_DIR) };
  })();
  return pristine;
}

/**
 * {@link makeTempDataDir}, its server already initialised (not migrated), as after a first start.
 * initdb costs about a second of CPU, and the tests that do not test the first start need not pay it
 * each time: they get a copy (owner and modes kept) of one initialised server directory.
 */
export async function makeInitialisedDataDir(prefix: string): Promise<{ dataDir: string; remove(): void }> {
  const { serverDir } = await pristineServerDir();
  const made = makeTempDataDir(prefix);
  mkdirSync(made.dataDir, { mode: 0o700 });
  const copy = spawnSync("cp", ["-a", serverDir, path.join(made.dataDir, SERVER_DIR)], { encoding: "utf8" });
  if (copy.status !== 0) throw new Error(`could not copy the initialised server: ${copy.stderr}`);
  return made;
}
