import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A DATA_DIR of its own for an embedded PostgreSQL server, removed by `remove()`. Its parent is made
 * 0755: run as root, the server runs as the `postgres` system user, which must traverse it (the same
 * pattern as the tests' data directories).
 */
export function makeTempDataDir(prefix: string): { dataDir: string; remove(): void } {
  const parent = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  chmodSync(parent, 0o755);
  return {
    dataDir: path.join(parent, "data"),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/** `use` with a fresh data directory, removed after (whatever `use` did). */
export async function withTempDataDir<T>(prefix: string, use: (dataDir: string) => Promise<T>): Promise<T> {
  const { dataDir, remove } = makeTempDataDir(prefix);
  try {
    return await use(dataDir);
  } finally {
    remove();
  }
}
