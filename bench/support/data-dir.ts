import { makeTempDataDir } from "../../test/support/data-dir.ts";

/** `use` with a fresh data directory (test/support/data-dir.ts), removed after (whatever `use` did). */
export async function withTempDataDir<T>(prefix: string, use: (dataDir: string) => Promise<T>): Promise<T> {
  const { dataDir, remove } = makeTempDataDir(prefix);
  try {
    return await use(dataDir);
  } finally {
    remove();
  }
}
