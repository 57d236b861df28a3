import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

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
