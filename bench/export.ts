import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { startEmbeddedServer } from "../src/db/embedded.ts";
import { npmStart } from "../test/support/npm-start.ts";
import { withTempDataDir } from "./support/data-dir.ts";
import {
  type BenchDatabaseKind,
  benchServerUrl,
  DATABASE_LABELS,
  withThrowawayDatabase,
} from "./support/databases.ts";
import { type ExportMeasurement, type ExportTask, SEEDED_LINE } from "./support/export-worker.ts";
import { embeddedPostmasterOf, mb, memoryOfAll, processTree } from "./support/processes.ts";
import { type BenchFigure, median, ms, QUICK as QUICK_ALL, ratio } from "./support/results.ts";

/** BENCH_EXPORT_QUICK=1 (or BENCH_QUICK=1): a tenth of the volume, to check quickly that the bench runs. */
const QUICK = QUICK_ALL || process.env.BENCH_EXPORT_QUICK === "1";
/** Two sizes ten times apart, so that the growth shows. */
const SIZES = QUICK ? [10_000, 100_000] : [100_000, 1_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THROUGHPUT_GOAL = 0.5;
const FIRST_BYTE_GOAL_MS = 100;
const RSS_GROWTH_GOAL_MB = 30;

const WORKER = new URL("./support/export-worker.ts", import.meta.url);
/** How often the embedded server's processes are read during the export. */
const SERVER_SAMPLE_MS = 250;

/**
 * The worker in a fresh Node process with the Node options `npm start` gives the app (its memory
 * is the app's during an export: `--max-semi-space-size` decides how soon the buffers that went
 * through are collected), tsx, and `--expose-gc` for the RSS before.
 */
function startWorker(task: ExportTask): ChildProcess {
  const options = [...npmStart().nodeOptions, "--expose-gc", "--import", "tsx"];
  return spawn(process.execPath, [...options, WORKER.pathname, JSON.stringify(task)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** The embedded server's memory, added up over its processes, at its peak while the worker exported. */
interface ServerPeak {
  rss: number;
  pss: number;
  processes: number;
}

/**
 * Runs the measurements in a worker process of its own and returns what it printed, one per size.
 * `postmaster`: the embedded server's, whose processes (the postmaster and its children, the
 * worker's sessions among them) are read every 250 ms while the worker measures (not while it seeds).
 */
async function measureInWorker(
  kind: BenchDatabaseKind,
  connection: pg.ClientConfig,
  postmaster?: number,
): Promise<{ results: ExportMeasurement[]; server: ServerPeak | null }> {
  const worker = startWorker({ kind, connection, sizes: SIZES, runs: RUNS });
  const exited = once(worker, "exit");
  const server: ServerPeak = { rss: 0, pss: 0, processes: 0 };
  let sampler: NodeJS.Timeout | undefined;
  const sample = async () => {
    if (postmaster === undefined) return;
    const memory = await memoryOfAll(await processTree(postmaster));
    server.rss = Math.max(server.rss, memory.rss);
    server.pss = Math.max(server.pss, memory.pss);
    server.processes = Math.max(server.processes, memory.processes);
  };
  const results: ExportMeasurement[] = [];
  try {
    if (!worker.stdout) throw new Error("no stdout");
    for await (const line of createInterface({ input: worker.stdout })) {
      if (line === SEEDED_LINE) {
        sampler = setInterval(() => void sample(), SERVER_SAMPLE_MS);
        continue;
      }
      clearInterval(sampler);
      results.push(JSON.parse(line) as ExportMeasurement);
      if (results.length === SIZES.length) break;
    }
    await exited;
    if (results.length < SIZES.length)
      throw new Error(`the export worker ${worker.pid} ended without an answer`);
    return { results, server: postmaster === undefined ? null : server };
  } finally {
    clearInterval(sampler);
    worker.kill();
  }
}

/**
 * On the embedded PostgreSQL server of a fresh data directory, started here as the app starts it
 * (its processes are this process's child and the child's children), the export in a worker.
 */
function measureEmbedded() {
  return withTempDataDir("chorus-bench-export", async (dataDir) => {
    const server = await startEmbeddedServer(dataDir);
    try {
      const postmaster = await embeddedPostmasterOf(process.pid, dataDir);
      if (postmaster === null)
        throw new Error("the embedded server's postmaster is not this process's child");
      return await measureInWorker("embedded", server.connection, postmaster);
    } finally {
      await server.close();
    }
  });
}

/** The same on a throwaway database of the PostgreSQL server (a shared server: its memory is not read). */
function measurePostgresql() {
  return withThrowawayDatabase("bench_export", (connectionString) =>
    measureInWorker("postgresql", { connectionString }),
  );
}

/** The table's figures for one size: the throughput ratio to COPY, the first byte, the RSS growth. */
function figures(database: BenchDatabaseKind, result: ExportMeasurement): BenchFigure[] {
  const throughput = median(result.copyMs) / median(result.exportMs);
  const firstByte = median(result.firstByteMs);
  const growthMb = (result.peakRss - result.rssBefore) / 1024 / 1024;
  const rows = result.rows.toLocaleString("en");
  return [
    {
      figure: `export: ${rows} users, throughput / COPY of the same query`,
      database,
      value: `${ratio(throughput)} (${ms(median(result.exportMs))} / ${ms(median(result.copyMs))})`,
      goal: `≥ ${THROUGHPUT_GOAL}x`,
      met: throughput >= THROUGHPUT_GOAL,
    },
    {
      figure: `export: ${rows} users, first byte (first row)`,
      database,
      value: `${ms(firstByte)} (${ms(median(result.firstRowMs))})`,
      goal: `≤ ${FIRST_BYTE_GOAL_MS} ms`,
      met: firstByte <= FIRST_BYTE_GOAL_MS,
    },
    {
      figure: `export: ${rows} users, exporting process peak RSS − idle RSS`,
      database,
      value: `+${growthMb.toFixed(1)} MB (${mb(result.peakRss)} / ${mb(result.rssBefore)})`,
      goal: `≤ +${RSS_GROWTH_GOAL_MB} MB`,
      met: growthMb <= RSS_GROWTH_GOAL_MB,
    },
  ];
}

function describe(label: string, result: ExportMeasurement, note = ""): string {
  const exported = median(result.exportMs);
  const copied = median(result.copyMs);
  return (
    `export: ${result.rows} users over ${result.rows / 10} structures, ${label} — the app's export median ` +
    `${exported.toFixed(0)} ms (${median(result.exportCpuMs).toFixed(0)} ms CPU in the exporting process), ` +
    `${mb(result.bytes)}, first byte ${median(result.firstByteMs).toFixed(1)} ms, first row ` +
    `${median(result.firstRowMs).toFixed(0)} ms; COPY of the same query median ${copied.toFixed(0)} ms; ` +
    `throughput ratio ${(copied / exported).toFixed(2)}x (goal ≥ ${THROUGHPUT_GOAL}x); exporting process ` +
    `RSS ${mb(result.rssBefore)} idle, ${mb(result.peakRss)} at its peak (goal ≤ +${RSS_GROWTH_GOAL_MB} MB)` +
    `${note} (${RUNS} runs each)`
  );
}

/**
 * Times the users export of every structure against COPY of the same query (the engine's floor), at
 * two sizes ten times apart, in a fresh process that holds only the export, the database running in
 * processes of its own as the app's does: (a) on the embedded PostgreSQL server of a fresh data
 * directory, whose processes' peak memory is read too; (b) on the PostgreSQL server when one answers.
 * Prints one line for each size and database.
 */
export async function run(): Promise<BenchFigure[]> {
  const embedded = await measureEmbedded();
  const server = embedded.server;
  const serverNote = server
    ? `; the embedded server's processes peaked at ${mb(server.rss)} RSS added up (${mb(server.pss)} PSS, ` +
      `up to ${server.processes} processes)`
    : "";
  const results: BenchFigure[] = [];
  for (const result of embedded.results) {
    console.log(describe(DATABASE_LABELS.embedded, result, serverNote));
    results.push(...figures("embedded", result));
  }
  if (await benchServerUrl()) {
    const onServer = await measurePostgresql();
    for (const result of onServer.results) {
      console.log(describe(DATABASE_LABELS.postgresql, result));
      results.push(...figures("postgresql", result));
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
