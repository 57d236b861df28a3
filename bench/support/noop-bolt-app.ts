import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundle } from "../../scripts/build.ts";
import { SIGNING_SECRET } from "../../test/support/app-harness.ts";
import type { FakeSlack } from "../../test/support/fake-slack/index.ts";
import { npmStart } from "../../test/support/npm-start.ts";

/**
 * The baseline of the ack and footprint benches: a Bolt app of the same version and receiver as the
 * app's, whose only listener acks "Valider" (`noop-bolt-server.ts`, which loads nothing else). It runs
 * in a process of its own, bundled and started the way `npm start` runs the app (the same bundler
 * options, the same Node options), so that only the code differs and neither side shares a heap or
 * a thread with the other or with the clicking client.
 */

const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
/** Beside the app's bundle (dist/ is built output, not in git). */
const SERVER = fileURLToPath(new URL("../../dist/noop-bolt-server.js", import.meta.url));

let built: Promise<void> | undefined;

export interface NoOpAppProcess {
  /** The Node process's own pid (started directly, no wrapper). */
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the no-op app in a child process; resolves once it listens (its port is its first line). */
export async function startNoOpAppProcess(slack: FakeSlack): Promise<NoOpAppProcess> {
  built ??= bundle("bench/support/noop-bolt-server.ts", SERVER);
  await built;
  const child: ChildProcess = spawn(process.execPath, [...npmStart().nodeOptions, SERVER], {
    cwd: REPOSITORY,
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve(Number(line)),
    );
    child.once("exit", (code) =>
      reject(new Error(`the no-op Bolt app exited before it listened (code ${code})`)),
    );
  });
  return {
    pid: child.pid as number,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
