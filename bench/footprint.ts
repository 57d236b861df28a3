import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type FakeSlack, startFakeSlack } from "../test/support/fake-slack/index.ts";
import { buildOnceForNpmStart, type NpmStart, npmStart } from "../test/support/npm-start.ts";
import { startSmtpSink } from "../test/support/smtp-sink.ts";
import { withTempDataDir } from "./support/data-dir.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withThrowawayDatabase,
} from "./support/databases.ts";
import { type NoOpAppProcess, startNoOpAppProcess } from "./support/noop-bolt-app.ts";
import {
  childrenOf,
  commandLineOf,
  embeddedPostmasterOf,
  mb,
  memoryOf,
  memoryOfAll,
  type ProcessMemory,
  processTree,
} from "./support/processes.ts";
import { type BenchFigure, median, ratio } from "./support/results.ts";

const REPOSITORY = fileURLToPath(new URL("../", import.meta.url));
const STARTED_MESSAGE = "Chorus manager bot started";
/** Idle: this long after both processes said they listen, nothing having been asked of either. */
const IDLE_MS = 5000;
/** Then this many readings, this far apart (about 3 s); the figure is their median. */
const SAMPLES = 7;
const SAMPLE_EVERY_MS = 500;
/** The goal: the app with its database processes against a Bolt app that does nothing. */
const GOALS: Record<BenchDatabaseKind, number> = { embedded: 2.5, postgresql: 2 };

interface AppProcess {
  /** The app's Node process itself. */
  pid: number;
  stop(): Promise<void>;
}

/** Children started here and not yet stopped: SIGTERMed should this process end first (the app stops its server). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGTERM");
});

/**
 * The app as `npm start` runs it, in a process of its own, configured only through its environment
 * (token mode against the fake Slack, the SMTP sink, the scheduled jobs off); resolves once it listens.
 */
async function startApp(
  command: NpmStart,
  slack: FakeSlack,
  smtpUrl: string,
  database: { url: string } | { dataDir: string },
): Promise<AppProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: "bench-footprint-signing-secret",
    SLACK_API_URL: slack.apiUrl,
    SMTP_URL: smtpUrl,
    API_TOKENS: "bench-footprint-api-token-0123456789",
    PORT: "0",
    LOG_LEVEL: "info",
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
    FLUX_REJECT_PURGE_CRON: "off",
    BULK_RECOVERY_CRON: "off",
    ...("url" in database ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir }),
  };
  const child = spawn(process.execPath, [...command.nodeOptions, command.script], {
    cwd: REPOSITORY,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  const output: string[] = [];
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      output.push(line);
      try {
        if ((JSON.parse(line) as { msg?: string }).msg === STARTED_MESSAGE) resolve();
      } catch {
        // Not a log line: kept for the error message.
      }
    });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => output.push(line));
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `the app exited before it listened (code ${code}, signal ${signal}):\n${output.join("\n")}`,
        ),
      ),
    );
  });
  const timeout = setTimeout(() => child.kill("SIGTERM"), 180_000);
  try {
    await started;
  } finally {
    clearTimeout(timeout);
  }
  const pid = child.pid as number;
  // The pid measured must be the Node process running the app, not a wrapper of it.
  const commandLine = await commandLineOf(pid);
  if (commandLine[0] !== process.execPath || commandLine.at(-1) !== command.script)
    throw new Error(`pid ${pid} runs "${commandLine.join(" ")}", not the app`);
  return {
    pid,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * What a server process is, from the title PostgreSQL gives it: "postmaster", "checkpointer",
 * "walwriter"…, "session" for a client's backend (the app's connections).
 */
async function processTitle(pid: number): Promise<string> {
  const title = (await commandLineOf(pid)).join(" ");
  if (!title.startsWith("postgres: ")) return "postmaster";
  return title.includes("[local]") ? "session" : title.slice("postgres: ".length).trim();
}

/** One reading: the app's process, its embedded server's processes (none on PostgreSQL), the no-op app. */
interface Reading {
  app: ProcessMemory;
  server: ProcessMemory & { processes: number };
  /** Each of the server's processes: what it is (its process title) and its memory. */
  serverProcesses: (ProcessMemory & { title: string })[];
  noOp: ProcessMemory;
  /** The app's children that are not its PostgreSQL server (counted in `others`, not in the figure). */
  others: ProcessMemory & { processes: number };
}

async function read(app: AppProcess, dataDir: string | null, noOp: NoOpAppProcess): Promise<Reading> {
  const postmaster = dataDir === null ? null : await embeddedPostmasterOf(app.pid, dataDir);
  if (dataDir !== null && postmaster === null) throw new Error("the app has no embedded PostgreSQL server");
  const [appMemory, noOpMemory, server, children] = await Promise.all([
    memoryOf(app.pid),
    memoryOf(noOp.pid),
    postmaster === null ? [] : processTree(postmaster),
    childrenOf(app.pid),
  ]);
  if (!appMemory || !noOpMemory) throw new Error("the app or the no-op app is gone");
  const others = (
    await Promise.all(children.filter((child) => child !== postmaster).map((child) => processTree(child)))
  ).flat();
  const serverProcesses = (
    await Promise.all(
      server.map(async (pid) => {
        const [memory, title] = await Promise.all([memoryOf(pid), processTitle(pid)]);
        return memory && { ...memory, title };
      }),
    )
  ).filter((entry) => entry !== null);
  return {
    app: appMemory,
    server: {
      rss: serverProcesses.reduce((sum, entry) => sum + entry.rss, 0),
      pss: serverProcesses.reduce((sum, entry) => sum + entry.pss, 0),
      processes: serverProcesses.length,
    },
    serverProcesses,
    noOp: noOpMemory,
    others: await memoryOfAll(others),
  };
}

const total = (reading: Reading, key: keyof ProcessMemory) => reading.app[key] + reading.server[key];

/**
 * The app (and its embedded server) and the no-op Bolt app side by side, both idle: IDLE_MS after
 * both listen, SAMPLES readings SAMPLE_EVERY_MS apart; the reading of median total RSS is the one
 * reported (the no-op app's: its median RSS reading).
 */
async function measure(kind: BenchDatabaseKind, command: NpmStart): Promise<BenchFigure[]> {
  const [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
  try {
    const onDatabase = async (database: { url: string } | { dataDir: string }) => {
      const app = await startApp(command, slack, smtp.url, database);
      try {
        // Started as the app is (npm start's Node options), so that only the code differs.
        const noOp = await startNoOpAppProcess(slack);
        try {
          await sleep(IDLE_MS);
          const readings: Reading[] = [];
          for (let index = 0; index < SAMPLES; index++) {
            if (index > 0) await sleep(SAMPLE_EVERY_MS);
            readings.push(await read(app, "dataDir" in database ? database.dataDir : null, noOp));
          }
          return readings;
        } finally {
          await noOp.stop();
        }
      } finally {
        await app.stop();
      }
    };
    const readings =
      kind === "embedded"
        ? await withTempDataDir("chorus-bench-footprint", (dataDir) => onDatabase({ dataDir }))
        : await withThrowawayDatabase("bench_footprint", (url) => onDatabase({ url }));
    return report(kind, command, readings);
  } finally {
    await Promise.all([slack.close(), smtp.close()]);
  }
}

function report(kind: BenchDatabaseKind, command: NpmStart, readings: Reading[]): BenchFigure[] {
  const medianRss = median(readings.map((reading) => total(reading, "rss")));
  const reading = readings.find((candidate) => total(candidate, "rss") === medianRss) as Reading;
  const noOpRss = median(readings.map((candidate) => candidate.noOp.rss));
  const noOp = (readings.find((candidate) => candidate.noOp.rss === noOpRss) as Reading).noOp;
  const [rss, pss] = [total(reading, "rss"), total(reading, "pss")];
  const goal = GOALS[kind];
  const server = (key: keyof ProcessMemory) =>
    kind === "embedded"
      ? ` + its PostgreSQL server ${mb(reading.server[key])} (${reading.server.processes} processes) = ${mb(total(reading, key))}`
      : "";
  const perProcess = new Map<string, { rss: number; pss: number; count: number }>();
  for (const entry of reading.serverProcesses) {
    const sum = perProcess.get(entry.title) ?? { rss: 0, pss: 0, count: 0 };
    perProcess.set(entry.title, { rss: sum.rss + entry.rss, pss: sum.pss + entry.pss, count: sum.count + 1 });
  }
  const serverDetail =
    kind === "embedded"
      ? `. The server's processes, RSS / PSS: ${[...perProcess]
          .map(
            ([title, entry]) =>
              `${title}${entry.count > 1 ? ` ×${entry.count}` : ""} ${mb(entry.rss)} / ${mb(entry.pss)}`,
          )
          .join(", ")}`
      : "";
  const others =
    reading.others.processes > 0
      ? `; the app's other children (not counted): ${reading.others.processes} processes, ` +
        `${mb(reading.others.rss)} RSS, ${mb(reading.others.pss)} PSS`
      : "";
  console.log(
    `footprint: idle, ${DATABASE_LABELS[kind]}, \`${command.text}\` (the no-op Bolt app with the same Node ` +
      `options), median of ${SAMPLES} readings over ${((SAMPLES - 1) * SAMPLE_EVERY_MS) / 1000} s from ` +
      `${IDLE_MS / 1000} s after start — RSS: app ${mb(reading.app.rss)}${server("rss")}; no-op Bolt app ` +
      `${mb(noOp.rss)}; ratio ${ratio(rss / noOp.rss)} (goal ≤ ${goal}x). PSS: app ${mb(reading.app.pss)}` +
      `${server("pss")}; no-op Bolt app ${mb(noOp.pss)}; ratio ${ratio(pss / noOp.pss)}${serverDetail}${others}`,
  );
  return [
    {
      figure: "footprint: idle RSS, app (+ its PostgreSQL server) / no-op Bolt app",
      database: kind,
      value: `${ratio(rss / noOp.rss)} (${mb(rss)} / ${mb(noOp.rss)})`,
      goal: `≤ ${goal}x`,
      met: rss / noOp.rss <= goal,
    },
    {
      figure: "footprint: idle PSS, app (+ its PostgreSQL server) / no-op Bolt app",
      database: kind,
      value: `${ratio(pss / noOp.pss)} (${mb(pss)} / ${mb(noOp.pss)})`,
      goal: "",
    },
  ];
}

/**
 * Idle footprint: the app started as `npm start` starts it, once on the embedded default (a fresh
 * DATA_DIR, its PostgreSQL server the app's child) and once on a throwaway database of the PostgreSQL
 * server, against a no-op Bolt app started the same way; RSS (the goal) and PSS from /proc (Linux).
 */
export async function run(): Promise<BenchFigure[]> {
  await buildOnceForNpmStart();
  const command = npmStart();
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds()) figures.push(...(await measure(kind, command)));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
