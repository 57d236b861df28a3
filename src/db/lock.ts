import { randomUUID } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { errnoCode } from "./errors.ts";
import {
  currentProcess,
  formatIdentity,
  isRunning,
  type ProcessIdentity,
  parseIdentity,
} from "./process-identity.ts";

/**
 * Thrown when another live process (or this one) already has the embedded database open: one app
 * owns the embedded server of a directory (and stops it), so a second one is refused.
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

/** The app's lock, beside the server's own directory (which PostgreSQL locks with its postmaster.pid). */
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
  if (readHolder(lockPath)?.pid === process.pid) {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readHolder(file: string): ProcessIdentity | undefined {
  try {
    return parseIdentity(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Takes the exclusive lock of an embedded data directory (which must exist) and returns its
 * release function. The lock file holds the pid and its start time (a pid alone is reused: a
 * container's app is PID 1 at every start); it is created complete with a hard link (atomic, fails
 * if the file exists). A lock whose process is gone is moved aside by `rename` (only one of two
 * concurrent starters wins it) and retaken. Throws DatabaseLockedError when a live process holds it.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockFilePath(dataDir);
  const draft = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  const fd = openSync(draft, "wx", 0o600);
  try {
    writeSync(fd, formatIdentity(currentProcess()));
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, lockPath);
        return registerHeld(lockPath);
      } catch (error) {
        if (errnoCode(error) !== "EEXIST") throw error;
      }
      const holder = readHolder(lockPath);
      if (holder && isRunning(holder)) throw new DatabaseLockedError(dataDir, holder.pid);
      // Stale (dead pid, or a file that is not ours to understand): move it aside, then retry.
      const aside = `${lockPath}.${process.pid}.stale`;
      try {
        renameSync(lockPath, aside);
      } catch (error) {
        if (errnoCode(error) === "ENOENT") continue; // another starter moved it first
        throw error;
      }
      const moved = readHolder(aside);
      if (moved && moved.pid !== holder?.pid && isRunning(moved)) {
        // A live process took the lock over between our read and our rename: give it back.
        linkSync(aside, lockPath);
        unlinkSync(aside);
        throw new DatabaseLockedError(dataDir, moved.pid);
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
