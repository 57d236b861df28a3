import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { DatabaseLockedError, EmbeddedServerError, openDatabase } from "../../src/db/database.ts";
import { SERVER_DIR } from "../../src/db/embedded.ts";
import { lockFilePath } from "../../src/db/lock.ts";
import { isServerOf } from "../../src/db/process-identity.ts";
import { makeInitialisedDataDir, makeTempDataDir } from "../support/data-dir.ts";
import { onExternalServer } from "../support/test-server.ts";
import { eventually } from "../support/wait.ts";

const holder = fileURLToPath(new URL("./hold-embedded-database.ts", import.meta.url));

/**
 * Starts another process holding the embedded database in `dataDir` (writing `loginEmail` first, if
 * given), resolved once it is open. `asPid1`: the process is PID 1 of a new PID namespace, as the
 * app is in a container.
 */
function holdInAnotherProcess(
  dataDir: string,
  options: { loginEmail?: string; asPid1?: boolean } = {},
): Promise<ChildProcess> {
  const node = [
    process.execPath,
    "--import",
    "tsx",
    holder,
    dataDir,
    ...(options.loginEmail ? [options.loginEmail] : []),
  ];
  const [command, ...args] = options.asPid1 ? ["unshare", "--pid", "--fork", "--mount-proc", ...node] : node;
  const child = spawn(command as string, args, { stdio: ["pipe", "pipe", "inherit"] });
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

/** The pid of the server a postmaster.pid names (undefined when there is none). */
function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, SERVER_DIR, "postmaster.pid");
  return existsSync(file) ? Number.parseInt(readFileSync(file, "utf8"), 10) : undefined;
}

/** The pids of a process's children (unshare's one child is PID 1 of its namespace). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

async function killed(child: ChildProcess, pid = child.pid as number): Promise<void> {
  // holdInAnotherProcess's own listener would take this exit for a failed start.
  child.removeAllListeners("exit");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(pid, "SIGKILL");
  await exited;
}

const claire = "claire.martin@exemple.fr";

describe.skipIf(onExternalServer)("the embedded PostgreSQL server in a data directory", () => {
  let dataDir: string;
  let remove: () => void;

  // Initialised already: only the tests of a first start need an empty directory, and make their own.
  beforeEach(() => {
    ({ dataDir, remove } = makeInitialisedDataDir("db-test"));
  });
  afterEach(() => remove());

  it("initialises an empty directory on the first start, and keeps a row written before it was closed when it is reopened", async () => {
    const empty = makeTempDataDir("db-first-start");
    onTestFinished(() => empty.remove());
    const dataDir = empty.dataDir;
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
      expect(readFileSync(lockFilePath(dataDir), "utf8").split(" ")[0]).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(existsSync(lockFilePath(dataDir))).toBe(false);
  });

  it("starts again after the app was killed with SIGKILL, stopping the server it left running, with nothing lost", async () => {
    const child = await holdInAnotherProcess(dataDir, { loginEmail: claire });
    const server = postmasterPid(dataDir) as number;
    await killed(child);
    // The app is gone; its server lives on, orphaned, on the directory.
    expect(isServerOf(server, path.join(dataDir, SERVER_DIR))).toBe(true);

    const db = await openDatabase({ dataDir });
    try {
      expect(isServerOf(server, path.join(dataDir, SERVER_DIR))).toBe(false);
      expect(await db.prisma.userAccount.count({ where: { loginEmail: claire } })).toBe(1);
    } finally {
      await db.close();
    }
    expect(postmasterPid(dataDir)).toBeUndefined();
  });

  it("starts again as PID 1 of a new container after the previous PID 1 was killed, whose lock and postmaster.pid name pids now reused", async () => {
    const first = await holdInAnotherProcess(dataDir, { loginEmail: claire, asPid1: true });
    const [pid1] = childrenOf(first.pid as number);
    expect(readFileSync(lockFilePath(dataDir), "utf8").split(" ")[0]).toBe("1");
    // SIGKILL to PID 1 ends its whole namespace, the server with it: the lock and postmaster.pid stay.
    await killed(first, pid1);
    await eventually(
      async () => !isServerOf(postmasterPid(dataDir) as number, path.join(dataDir, SERVER_DIR)),
    );
    expect(existsSync(lockFilePath(dataDir))).toBe(true);
    expect(postmasterPid(dataDir)).toBeGreaterThan(0);

    const second = await holdInAnotherProcess(dataDir, { asPid1: true });
    await stop(second);
    const db = await openDatabase({ dataDir });
    try {
      expect(await db.prisma.userAccount.count({ where: { loginEmail: claire } })).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("refuses a data directory it cannot create, naming it, with what to do", async () => {
    const file = path.join(path.dirname(dataDir), "a-file");
    writeFileSync(file, "not a directory");
    const error = await openDatabase({ dataDir: path.join(file, "data") }).catch((e) => e);

    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect(error.message).toContain(
      `Le répertoire de données ${path.join(file, "data")} n'est pas utilisable`,
    );
    expect(error.message).toContain("choose another one with DATA_DIR");
  });

  it("refuses, untouched, a directory that holds something else than a database of this app", async () => {
    const { dataDir, remove } = makeTempDataDir("db-foreign");
    onTestFinished(remove);
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, "notes.txt"), "mes notes");
    const error = await openDatabase({ dataDir }).catch((e) => e);

    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect(error.message).toContain(
      `${dataDir} contient des fichiers qui ne sont pas une base de cette application (notes.txt)`,
    );
    expect(readdirSync(dataDir)).toEqual(["notes.txt"]);
    expect(readFileSync(path.join(dataDir, "notes.txt"), "utf8")).toBe("mes notes");
  });

  it("refuses a damaged database with the server's own words and the log to read, its files left as they were", async () => {
    await (await openDatabase({ dataDir })).close();
    const control = path.join(dataDir, SERVER_DIR, "global", "pg_control");
    writeFileSync(control, "damaged");
    chmodSync(control, 0o600);
    const error = await openDatabase({ dataDir }).catch((e) => e);

    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect(error.message).toContain(`Le serveur PostgreSQL embarqué de ${dataDir} n'a pas démarré`);
    expect(error.message).toContain("pg_control");
    expect(readFileSync(control, "utf8")).toBe("damaged");
  });

  it("refuses a data directory of another PostgreSQL version, naming both", async () => {
    await (await openDatabase({ dataDir })).close();
    writeFileSync(path.join(dataDir, SERVER_DIR, "PG_VERSION"), "17\n");
    const error = await openDatabase({ dataDir }).catch((e) => e);

    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect(error.message).toContain(
      "a été écrit par PostgreSQL 17, cette application embarque PostgreSQL 18",
    );
  });
});
