import type { Server } from "node:http";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import type { Express } from "express";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { ListenerDeps } from "./listeners/deps.ts";
import { registerListeners } from "./listeners/index.ts";
import { slackLogger } from "./web-api.ts";

export interface SlackApp {
  app: App;
  /** Starts listening: Slack events on /slack/events and the HTTP app on PORT (or Socket Mode). */
  start(): Promise<Server>;
  stop(): Promise<void>;
}

/**
 * The Bolt app. With SLACK_APP_TOKEN it uses Socket Mode (development: no public URL needed) and the
 * HTTP app serves only the REST API; otherwise Slack posts to /slack/events on the same HTTP server.
 */
export function createSlackApp(options: {
  config: Config;
  logger: Logger;
  httpApp: Express;
  deps: ListenerDeps;
}): SlackApp {
  const { config, httpApp } = options;
  const logger = slackLogger(options.logger);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL };
  const common = { token: config.SLACK_BOT_TOKEN, logger, logLevel: LogLevel.INFO, clientOptions };
  let server: Server | null = null;

  if (config.SLACK_APP_TOKEN) {
    const app = new App({ ...common, appToken: config.SLACK_APP_TOKEN, socketMode: true });
    registerListeners(app, options.deps);
    return {
      app,
      async start() {
        await app.start();
        server = httpApp.listen(config.PORT);
        return server;
      },
      async stop() {
        await app.stop();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      },
    };
  }

  const receiver = new ExpressReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    app: httpApp,
    logger,
    endpoints: "/slack/events",
  });
  const app = new App({ ...common, receiver });
  registerListeners(app, options.deps);
  return {
    app,
    async start() {
      server = (await app.start(config.PORT)) as Server;
      return server;
    },
    async stop() {
      await app.stop();
    },
  };
}
