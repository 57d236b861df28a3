import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { EXPORT_PAGE_SIZE } from "../src/services/export-scope.ts";
import { type BenchDatabaseKind, benchServerUrl, withThrowawayDatabase } from "./support/databases.ts";
import type { ExportMeasurement, ExportTask } from "./support/export-worker.ts";
import { type BenchFigure, median, QUICK as QUICK_ALL, ratio } from "./support/results.ts";

/** BENCH_EXPORT_QUICK=1 (or BENCH_QUICK=1): a tenth of the volume, to check quickly that the bench runs. */
const QUICK = QUICK_ALL || process.env.BENCH_EXPORT_QUICK === "1";
const USERS = QUICK ? 10_000 : 100_000;
const STRUCTURES = USERS / 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH_SIZE = Number(process.env.BENCH_EXPORT_BATCH ?? EXPORT_PAGE_SIZE);
const RATIO_GOAL = 0.5;
const RSS_GOAL_MB = 150;

const WORKER = new URL("./support/export-worker.ts", import.meta.url);
const EMBEDDED_SERVER = new URL("./support/serve-embedded.ts", import.meta.url);

/** A TypeScript module of this folder in a fresh Node process (tsx; `--expose-gc` for the RSS before). */
function node(module: URL, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ["--expose-gc", "--import", "tsx", module.pathname, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error("no stdout");
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) return line;
  throw new Error(`the process ${child.pid} ended without an answer`);
}

/** Runs one measurement in a worker process of its own and returns what it printed. */
async function measureInWorker(target: Pick<ExportTask, "target" | "kind" | "connection">) {
  const task: ExportTask = {
    ...target,
    users: USERS,
    structures: STRUCTURES,
    runs: RUNS,
    batchSize: BATCH_SIZE,
  };
  const worker = node(WORKER, [JSON.stringify(task)]);
  worker.stdin?.end();
  const exited = once(worker, "exit");
  const result = JSON.parse(await firstLine(worker)) as ExportMeasurement;
  await exited;
  return result;
}

/** The kernel's peak RSS of another process (Linux), or null where it cannot be read. */
async function peakRssOf(pid: number | undefined): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

/** The embedded database served by a process of its own (the app's PGlite socket server), the export in another. */
async function measureEmbeddedApart() {
  const server = node(EMBEDDED_SERVER);
  try {
    const connection = JSON.parse(await firstLine(server)) as pg.ClientConfig;
    const result = await measureInWorker({ target: "socket", kind: "embedded", connection });
    return { result, databaseRss: await peakRssOf(server.pid) };
  } finally {
    const exited = once(server, "exit");
    server.stdin?.end();
    await exited;
  }
}

/** The same on a throwaway database of the PostgreSQL server. */
function measurePostgresql() {
  return withThrowawayDatabase("bench_export", (connectionString) =>
    measureInWorker({ target: "socket", kind: "postgresql", connection: { connectionString } }),
  );
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The table's figures for one measurement: the throughput ratio and the exporting process's peak RSS. */
function figures(database: BenchDatabaseKind, result: ExportMeasurement): BenchFigure[] {
  const throughput = median(result.inMemoryMs) / median(result.streamedMs);
  const peakMb = result.peakRss / 1024 / 1024;
  return [
    {
      figure: `export: ${result.rows} users streamed, throughput / same rows in memory`,
      database,
      value: ratio(throughput),
      goal: `≥ ${RATIO_GOAL}x`,
      met: throughput >= RATIO_GOAL,
    },
    {
      figure: "export: exporting process peak RSS (embedded: PGlite in the same process)",
      database,
      value: `${mb(result.peakRss)} (${mb(result.rssBefore)} before)`,
      goal: `< ${RSS_GOAL_MB} MB`,
      met: peakMb < RSS_GOAL_MB,
    },
  ];
}

function describe(label: string, result: ExportMeasurement, note = ""): string {
  const streamed = median(result.streamedMs);
  const inMemory = median(result.inMemoryMs);
  return (
    `export: ${result.rows} users over ${STRUCTURES} structures, ${label} — streamed CSV (cursor batches of ` +
    `${BATCH_SIZE}) median ${streamed.toFixed(0)} ms (${median(result.streamedCpuMs).toFixed(0)} ms CPU in ` +
    `the exporting process), ${mb(result.bytes)}; in-memory rows median ${inMemory.toFixed(0)} ms ` +
    `(${median(result.inMemoryCpuMs).toFixed(0)} ms CPU); ` +
    `throughput ratio ${(inMemory / streamed).toFixed(2)}x (goal ≥ 0.5x); exporting process RSS: peak ` +
    `${mb(result.peakRss)} during the export (${mb(result.rssBefore)} before it), high-water mark ` +
    `${mb(result.highWaterRss)} (goal < 150 MB)${note} (${RUNS} runs each)`
  );
}

/**
 * Times the streamed users export against the same rows in memory, each measurement in a fresh
 * process: (a) the app's embedded mode, PGlite in the exporting process; (b) the same PGlite served
 * over its socket by a process of its own, so the exporting process holds only the export; (c) on the
 * PostgreSQL server when one answers. Prints one line for each; the table gets (a) and (c).
 */
export async function run(): Promise<BenchFigure[]> {
  const inProcess = await measureInWorker({ target: "in-process" });
  console.log(describe("embedded database in the same process", inProcess));
  const apart = await measureEmbeddedApart();
  const databaseRss =
    apart.databaseRss === null ? "" : `; the database's process peaked at ${mb(apart.databaseRss)}`;
  console.log(describe("embedded database served by another process", apart.result, databaseRss));
  const results = figures("embedded", inProcess);
  if (await benchServerUrl()) {
    const onServer = await measurePostgresql();
    console.log(describe("PostgreSQL server", onServer));
    results.push(...figures("postgresql", onServer));
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
