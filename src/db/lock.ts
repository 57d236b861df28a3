import { randomUUID } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Thrown when another live process (or this one) already has the embedded database open: two
 * PGlite instances on one directory lose data silently, so the second one is refused.
 */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `La base embarquée ${dataDir} est déjà utilisée par le processus ${holderPid} ` +
        `(arrêtez-le, ou supprimez ${lockFilePath(dataDir)} s'il ne s'agit pas de cette application). / ` +
        `The embedded database ${dataDir} is already used by process ${holderPid} ` +
        `(stop it, or delete ${lockFilePath(dataDir)} if that process is not this app).`,
    );
    this.name = "DatabaseLockedError";
  }
}

/** The lock sits beside PGlite's files: PGlite's initdb refuses a directory holding anything else. */
export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, "lock");
}

/** Held locks, released by one `exit` listener if the process ends without closing them. */
const held = new Set<string>();
let exitListenerInstalled = false;

function releaseAllOnExit(): void {
  for (const lockPath of held) removeIfOurs(lockPath);
}

function removeIfOurs(lockPath: string): void {
  if (readPid(lockPath) === process.pid) {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Takes the exclusive lock of an embedded data directory (which must exist) and returns its
 * release function. The lock file holds the pid; it is created complete with a hard link (atomic,
 * fails if the file exists). A lock whose pid is dead is moved aside by `rename` (only one of two
 * concurrent starters wins it) and retaken. Throws DatabaseLockedError when a live process holds it.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockFilePath(dataDir);
  const draft = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  const fd = openSync(draft, "wx", 0o600);
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, lockPath);
        return registerHeld(lockPath);
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
      }
      const holder = readPid(lockPath);
      if (holder !== undefined && isAlive(holder)) throw new DatabaseLockedError(dataDir, holder);
      // Stale (dead pid, or a file that is not ours to understand): move it aside, then retry.
      const aside = `${lockPath}.${process.pid}.stale`;
      try {
        renameSync(lockPath, aside);
      } catch (error) {
        if (errorCode(error) === "ENOENT") continue; // another starter moved it first
        throw error;
      }
      const moved = readPid(aside);
      if (moved !== holder && moved !== undefined && isAlive(moved)) {
        // A live process took the lock over between our read and our rename: give it back.
        linkSync(aside, lockPath);
        unlinkSync(aside);
        throw new DatabaseLockedError(dataDir, moved);
      }
      unlinkSync(aside);
    }
    throw new Error(`Could not take the lock ${lockPath}`);
  } finally {
    unlinkSync(draft);
  }
}

function registerHeld(lockPath: string): () => void {
  held.add(lockPath);
  if (!exitListenerInstalled) {
    process.on("exit", releaseAllOnExit);
    exitListenerInstalled = true;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(lockPath);
    removeIfOurs(lockPath);
  };
}
