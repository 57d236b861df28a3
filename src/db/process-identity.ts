import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";

/**
 * A process as a lock file records it: its pid, and on Linux its start time (clock ticks since boot),
 * because a pid alone names another process once the first is gone. In a container, above all, the
 * app is PID 1 at every start: a lock left by the previous PID 1 must read as dead.
 */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat; undefined where /proc is missing (macOS). */
  startTime?: string | undefined;
}

interface ProcStat {
  state: string;
  startTime: string;
}

/** /proc/<pid>/stat's state and start time; undefined if there is no such process (or no /proc). */
function readProcStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : undefined;
}

const hasProc = (() => {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
})();

/** This process, as a lock file records it. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: readProcStat(process.pid)?.startTime };
}

/** `pid startTime`, one line. */
export function formatIdentity(identity: ProcessIdentity): string {
  return `${identity.pid}${identity.startTime ? ` ${identity.startTime}` : ""}\n`;
}

/** Reads what formatIdentity wrote; undefined for anything else. */
export function parseIdentity(text: string): ProcessIdentity | undefined {
  const [pidText, startTime] = text.trim().split(/\s+/);
  const pid = Number.parseInt(pidText ?? "", 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, startTime };
}

/**
 * Whether the recorded process still runs: the pid exists, is not a zombie (killed, not yet reaped),
 * and started when the record says. Without /proc, only whether the pid exists.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  if (!hasProc) return pidExists(identity.pid);
  const stat = readProcStat(identity.pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  return identity.startTime === undefined || identity.startTime === stat.startTime;
}

/** Without /proc (macOS): the command line `ps` shows, "" when there is no such process. */
function commandLineOf(pid: number): string {
  try {
    return execFileSync("ps", ["-p", String(pid), "-o", "command="], { encoding: "utf8" });
  } catch {
    return "";
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `pid` is a PostgreSQL server running on `dataDir`: a postmaster works in its data
 * directory, and is started with `-D <dataDir>` (its command line, readable by anyone, when its
 * working directory is not). A pid that a stale postmaster.pid names may since belong to anything.
 */
export function isServerOf(pid: number, dataDir: string): boolean {
  if (!hasProc) return commandLineOf(pid).includes(`-D ${dataDir}`);
  const stat = readProcStat(pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  const wanted = realpathSync(dataDir);
  try {
    return realpathSync(`/proc/${pid}/cwd`) === wanted;
  } catch {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("-D");
      return at >= 0 && args[at + 1] !== undefined && realpathSync(args[at + 1] as string) === wanted;
    } catch {
      return false;
    }
  }
}
