import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import { ActionIds } from "../../src/slack/ids.ts";

/**
 * The no-op Bolt app itself, run by `startNoOpAppProcess` (noop-bolt-app.ts) in a process of its own:
 * Bolt, its `ExpressReceiver` and one listener that only acks "Valider", nothing else loaded (the
 * action ids are constants). Configured by SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL;
 * prints its port as its first line, stops on SIGTERM.
 */
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
