import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { SERVER_DIR } from "../../src/db/embedded.ts";

/**
 * What Linux says about processes, read from /proc: the memory of a process, its descendants, the
 * processes of an embedded PostgreSQL server. Elsewhere than on Linux, nothing can be read (null / []).
 */

/** A process's resident memory: RSS (VmRSS) and PSS (its share of pages shared with others), in bytes. */
export interface ProcessMemory {
  rss: number;
  pss: number;
}

/** `/proc/<pid>/status`'s VmRSS and `/proc/<pid>/smaps_rollup`'s Pss; null once the process is gone. */
export async function memoryOf(pid: number): Promise<ProcessMemory | null> {
  const [status, rollup] = await Promise.all([
    readFile(`/proc/${pid}/status`, "utf8").catch(() => ""),
    readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => ""),
  ]);
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  const pss = /^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1];
  if (rss === undefined || pss === undefined) return null;
  return { rss: Number(rss) * 1024, pss: Number(pss) * 1024 };
}

/** The memory of several processes added up (those gone meanwhile count for nothing). */
export async function memoryOfAll(pids: readonly number[]): Promise<ProcessMemory & { processes: number }> {
  const total = { rss: 0, pss: 0, processes: 0 };
  for (const memory of await Promise.all(pids.map(memoryOf))) {
    if (!memory) continue;
    total.rss += memory.rss;
    total.pss += memory.pss;
    total.processes++;
  }
  return total;
}

/** A process's command line, its arguments split; [] once it is gone. */
export async function commandLineOf(pid: number): Promise<string[]> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return raw.split("\0").filter((argument) => argument !== "");
}

/** Every process's parent, from `/proc/<pid>/stat` (the field after the command, which may hold spaces). */
async function parents(): Promise<Map<number, number>> {
  const pids = (await readdir("/proc").catch(() => [])).filter((entry) => /^\d+$/.test(entry));
  const parentOf = new Map<number, number>();
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      const ppid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
      if (ppid) parentOf.set(Number(pid), Number(ppid));
    }),
  );
  return parentOf;
}

/** Whether this kernel lists each thread's children (`/proc/<pid>/task/<tid>/children`). */
const CHILDREN_FILES = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** The children of `pid`, now: from its threads' `children` files, or else from every process's parent. */
export async function childrenOf(pid: number): Promise<number[]> {
  if (!CHILDREN_FILES) {
    const parentOf = await parents();
    return [...parentOf].filter(([, parent]) => parent === pid).map(([child]) => child);
  }
  const threads = await readdir(`/proc/${pid}/task`).catch(() => []);
  // A thread that ended meanwhile has no children left to list.
  const lists = await Promise.all(
    threads.map((thread) => readFile(`/proc/${pid}/task/${thread}/children`, "utf8").catch(() => "")),
  );
  return lists.flatMap((list) => list.split(" ").filter(Boolean).map(Number));
}

/** `pid` and all its descendants, now. */
export async function processTree(pid: number): Promise<number[]> {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(await childrenOf(tree[index] as number)));
  return tree;
}

/**
 * The postmaster of the embedded server of `dataDir` started by `parentPid` (its child whose command
 * is `…/bin/postgres -D <dataDir>/postgres …`), or null when it has none.
 */
export async function embeddedPostmasterOf(parentPid: number, dataDir: string): Promise<number | null> {
  const serverDir = path.join(path.resolve(dataDir), SERVER_DIR);
  for (const child of await childrenOf(parentPid)) {
    const command = await commandLineOf(child);
    if (command[0]?.endsWith("/bin/postgres") && command[command.indexOf("-D") + 1] === serverDir)
      return child;
  }
  return null;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
