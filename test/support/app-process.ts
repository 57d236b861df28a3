import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { API_TOKEN, type ApiResult, callApi, SIGNING_SECRET } from "./app-harness.ts";
import type { FakeSlack } from "./fake-slack/index.ts";
import { buildOnceForNpmStart, npmStart } from "./npm-start.ts";
import type { SmtpSink } from "./smtp-sink.ts";

/**
 * The app as operators run it: `npm start`'s command (its bundle, built first) in its
 * own process, configured only through its environment. For the tests that need what a harness in the test process cannot give:
 * a replica killed with SIGKILL, two replicas on one database.
 */

const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
const STARTED_MESSAGE = "Chorus manager bot started";

/** One pino line of the child's stdout (pino writes one JSON object per line). */
export type LogLine = { level: number; msg?: string } & Record<string, unknown>;

export interface AppProcess {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** Every log line so far, parsed. */
  readonly logs: LogLine[];
  /** What the child wrote that was not a log line (stderr, stray output): shown when it fails. */
  readonly otherOutput: string[];
  /** Calls the REST API with the test API token. */
  api(method: string, path: string, body?: unknown): Promise<ApiResult>;
  /** SIGKILL: the process ends at once, mid-transaction or mid-delivery, like a crashed host. */
  kill(): Promise<void>;
  /** SIGTERM: the app's clean stop (jobs, Slack receiver, outbox worker, database). */
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  slack: FakeSlack;
  smtp: SmtpSink;
  /** DATABASE_URL (PostgreSQL) or DATA_DIR (embedded database on disk). */
  database: { url: string } | { dataDir: string };
  /** More environment (cron expressions…), over the defaults below. */
  env?: Record<string, string>;
  /** Moves the process's wall clock by this much (see shifted-clock.ts). */
  clockOffsetMs?: number;
}

/** Resolves when the child exits (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Children started by this module and not yet ended: `killAppProcesses` ends them whatever happened. */
const running = new Set<ChildProcess>();
// And should the test process end without afterAll (a crashed worker), none outlives it.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** SIGKILLs every child still running (call it in afterAll, so a failed test leaves none behind). */
export async function killAppProcesses(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      child.kill("SIGKILL");
      return exited(child);
    }),
  );
}

/** Starts the app in a child process and resolves once it listens (its port read from its start log line). */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    SLACK_BOT_TOKEN: options.slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.slack.apiUrl,
    SMTP_URL: options.smtp.url,
    MAIL_FROM: "Chorus Pro <ne-pas-repondre@chorus.test>",
    API_TOKENS: API_TOKEN,
    PORT: "0",
    LOG_LEVEL: "info",
    OUTBOX_POLL_MS: "100",
    // The fake Slack takes more than Slack's tiers (50 chat.update a minute…); each channel keeps its pace.
    SLACK_TIER_RATE_FACTOR: "20",
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
    FLUX_REJECT_PURGE_CRON: "off",
    IDEMPOTENCY_PURGE_CRON: "off",
    BULK_RECOVERY_CRON: "off",
    ...("url" in options.database
      ? { DATABASE_URL: options.database.url }
      : { DATA_DIR: options.database.dataDir }),
    ...options.env,
  };
  await buildOnceForNpmStart();
  const { nodeOptions, script } = npmStart();
  const preload = [...nodeOptions];
  if (options.clockOffsetMs) {
    env.TEST_CLOCK_OFFSET_MS = String(options.clockOffsetMs);
    preload.push("--import", "tsx", "--import", "./test/support/shifted-clock.ts");
  }
  const child = spawn(process.execPath, [...preload, script], {
    cwd: REPOSITORY,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  const started = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        otherOutput.push(line);
        return;
      }
      logs.push(parsed);
      if (parsed.msg === STARTED_MESSAGE) resolve(Number(parsed.port));
    });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) =>
      otherOutput.push(line),
    );
    // "close", not "exit": its output has been read to the end by then.
    child.once("close", (code, signal) =>
      reject(
        new Error(
          `the app process exited before it started (code ${code}, signal ${signal}):\n${otherOutput.join("\n")}`,
        ),
      ),
    );
  });
  let port: number;
  try {
    port = await started;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    pid: child.pid as number,
    port,
    baseUrl,
    logs,
    otherOutput,
    api: (method, path, body) => callApi(baseUrl, method, path, body),
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
