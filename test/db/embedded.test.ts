import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase } from "../../src/db/database.ts";
import { lockFilePath } from "../../src/db/lock.ts";

const holder = fileURLToPath(new URL("./hold-embedded-database.ts", import.meta.url));

/** Starts another process holding the embedded database in `dataDir`, resolved once it is open. */
function holdInAnotherProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", holder, dataDir], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.stdin?.end();
  });
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  if (!pid) throw new Error("could not spawn");
  return pid;
}

describe("the embedded database in a data directory", () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "db-test-"));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps a row written before it was closed when it is reopened", async () => {
    const first = await openDatabase({ dataDir });
    await first.prisma.userAccount.create({
      data: {
        loginEmail: "claire.martin@exemple.fr",
        lastName: "Martin",
        firstName: "Claire",
        lastNameKey: "martin",
        firstNameKey: "claire",
      },
    });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(second.kind).toBe("embedded");
      const found = await second.prisma.userAccount.findUnique({
        where: { loginEmail: "claire.martin@exemple.fr" },
      });
      expect(found?.firstName).toBe("Claire");
    } finally {
      await second.close();
    }
  });

  it("refuses a second open in the same process with a DatabaseLockedError naming this pid", async () => {
    const db = await openDatabase({ dataDir });
    try {
      const error = await openDatabase({ dataDir }).catch((e) => e);

      expect(error).toBeInstanceOf(DatabaseLockedError);
      expect(error.holderPid).toBe(process.pid);
      expect(error.dataDir).toBe(dataDir);
      expect(error.message).toContain(`est déjà utilisée par le processus ${process.pid}`);
      expect(error.message).toContain(`is already used by process ${process.pid}`);
      // The refused open left the first one working.
      expect(await db.prisma.userAccount.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("makes the Prisma CLI refuse to touch the directory while it is open, naming this pid", async () => {
    const db = await openDatabase({ dataDir });
    try {
      const root = fileURLToPath(new URL("../../", import.meta.url));
      const cli = promisify(execFile)(
        process.execPath,
        ["node_modules/prisma/build/index.js", "migrate", "status"],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir },
        },
      );

      const error = await cli.then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );

      expect(error?.code).toBe(1);
      expect(error?.stderr).toContain(
        `The embedded database ${dataDir} is already used by process ${process.pid}`,
      );
    } finally {
      await db.close();
    }
  });

  it("refuses an open while another process has the directory open, and allows it once that one closed", async () => {
    const child = await holdInAnotherProcess(dataDir);
    try {
      const error = await openDatabase({ dataDir }).catch((e) => e);

      expect(error).toBeInstanceOf(DatabaseLockedError);
      expect(error.holderPid).toBe(child.pid);
    } finally {
      await stop(child);
    }
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  it("takes over a lock left by a process that has died", async () => {
    const first = await openDatabase({ dataDir });
    await first.close();
    const dead = deadPid();
    writeFileSync(lockFilePath(dataDir), `${dead}\n`);

    const db = await openDatabase({ dataDir });
    try {
      expect(readFileSync(lockFilePath(dataDir), "utf8").trim()).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(existsSync(lockFilePath(dataDir))).toBe(false);
  });
});
