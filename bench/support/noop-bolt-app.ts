import { type ChildProcess, spawn } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import { ActionIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET } from "../../test/support/app-harness.ts";
import type { FakeSlack } from "../../test/support/fake-slack.ts";

/**
 * The ack bench's baseline: a Bolt app of the same version and receiver as the app's, whose only
 * listener acks "Valider". It runs in a process of its own, started the way the app's process is
 * (`node --import tsx`), so that neither side shares a heap or a thread with the other or with the
 * clicking client.
 */

const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

export interface NoOpAppProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the no-op app in a child process; resolves once it listens (its port is its first line). */
export async function startNoOpAppProcess(slack: FakeSlack): Promise<NoOpAppProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", THIS_FILE], {
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
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const receiver = new ExpressReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? "",
    endpoints: "/slack/events",
  });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.action(ActionIds.validateAttachmentRequest, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  console.log((server.address() as AddressInfo).port);
  process.once("SIGTERM", () => {
    app.stop().then(() => process.exit(0));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
