import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { startEmbeddedServer } from "../src/db/embedded.ts";
import { EXPORT_PAGE_SIZE } from "../src/services/exports/export-scope.ts";
import { withTempDataDir } from "./support/data-dir.ts";
import {
  type BenchDatabaseKind,
  benchServerUrl,
  DATABASE_LABELS,
  withThrowawayDatabase,
} from "./support/databases.ts";
import { type ExportMeasurement, type ExportTask, SEEDED_LINE } from "./support/export-worker.ts";
import { embeddedPostmasterOf, mb, memoryOfAll, processTree } from "./support/processes.ts";
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
/** How often the embedded server's processes are read during the export. */
const SERVER_SAMPLE_MS = 250;

/** The worker in a fresh Node process (tsx; `--expose-gc` for the RSS before). */
function startWorker(task: ExportTask): ChildProcess {
  return spawn(process.execPath, ["--expose-gc", "--import", "tsx", WORKER.pathname, JSON.stringify(task)], {
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
 * Runs one measurement in a worker process of its own and returns what it printed. `postmaster`: the
 * embedded server's, whose processes (the postmaster and its children, the worker's sessions among
 * them) are read every 250 ms from the end of seeding to the end of the measurement.
 */
async function measureInWorker(
  kind: BenchDatabaseKind,
  connection: pg.ClientConfig,
  postmaster?: number,
): Promise<{ result: ExportMeasurement; server: ServerPeak | null }> {
  const worker = startWorker({
    kind,
    connection,
    users: USERS,
    structures: STRUCTURES,
    runs: RUNS,
    batchSize: BATCH_SIZE,
  });
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
  try {
    if (!worker.stdout) throw new Error("no stdout");
    for await (const line of createInterface({ input: worker.stdout })) {
      if (line === SEEDED_LINE) {
        sampler = setInterval(() => void sample(), SERVER_SAMPLE_MS);
        continue;
      }
      const result = JSON.parse(line) as ExportMeasurement;
      await exited;
      return { result, server: postmaster === undefined ? null : server };
    }
    throw new Error(`the export worker ${worker.pid} ended without an answer`);
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
      figure: "export: exporting process peak RSS",
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
 * process that holds only the export, the database running in processes of its own as the app's
 * does: (a) on the embedded PostgreSQL server of a fresh data directory, whose processes' peak memory
 * is read too; (b) on the PostgreSQL server when one answers. Prints one line for each.
 */
export async function run(): Promise<BenchFigure[]> {
  const embedded = await measureEmbedded();
  const server = embedded.server;
  const serverNote = server
    ? `; the embedded server's processes peaked at ${mb(server.rss)} RSS added up (${mb(server.pss)} PSS, ` +
      `up to ${server.processes} processes)`
    : "";
  console.log(describe(DATABASE_LABELS.embedded, embedded.result, serverNote));
  const results = figures("embedded", embedded.result);
  if (await benchServerUrl()) {
    const onServer = await measurePostgresql();
    console.log(describe(DATABASE_LABELS.postgresql, onServer.result));
    results.push(...figures("postgresql", onServer.result));
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
