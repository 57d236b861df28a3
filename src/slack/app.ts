import type { Server } from "node:http";
import {
  App,
  ExpressReceiver,
  type ExpressReceiverOptions,
  LogLevel,
  type Logger as SlackLogger,
} from "@slack/bolt";
import type { Express } from "express";
import type { Config } from "../config.ts";
import { receivedAtOf } from "../http/ack-first.ts";
import { receiptOf } from "../http/slack-replay-guard.ts";
import type { Logger } from "../logger.ts";
import { prismaInstallationStore } from "./installation-store.ts";
import type { ListenerDeps } from "./listeners/deps.ts";
import { installationRevoked } from "./listeners/events/app-uninstalled.ts";
import { registerListeners } from "./listeners/index.ts";
import { answerReplays, RECEIPT_PROPERTY, ReplayedSlackRequest } from "./listeners/replays.ts";
import { RECEIVED_AT_PROPERTY } from "./listeners/trigger-deadline.ts";
import { oauthCallbackOptions } from "./oauth-pages.ts";
import { slackLogger } from "./web-api.ts";

export interface SlackApp {
  app: App;
  /** Starts listening: Slack events on /slack/events and the HTTP app on PORT (or Socket Mode). */
  start(): Promise<Server>;
  stop(): Promise<void>;
}

/** Where a workspace starts installing the app, and where Slack sends the browser back. */
const INSTALL_PATH = "/slack/install";
const OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

/**
 * @slack/oauth sets its state cookie without SameSite: this adds `SameSite=Lax` to the cookies the
 * install pages set (the browser comes back from Slack by a top-level GET, which Lax lets through),
 * so that no other site's request carries it.
 */
function sameSiteLaxCookies(httpApp: Express): void {
  httpApp.use([INSTALL_PATH, OAUTH_REDIRECT_PATH], (_req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      if (name.toLowerCase() !== "set-cookie") return setHeader(name, value);
      const lax = (cookie: string) => (/;\s*SameSite=/i.test(cookie) ? cookie : `${cookie}; SameSite=Lax`);
      return setHeader(name, Array.isArray(value) ? value.map(lax) : lax(String(value)));
    };
    next();
  });
}

/**
 * The OAuth side of the receiver: /slack/install sends the browser to Slack's authorize page with a
 * signed state (also set in a cookie), /slack/oauth_redirect checks that state against the cookie,
 * exchanges the code at SLACK_API_URL and stores the installation in the database; Bolt then finds
 * each request's bot token through the same store.
 */
function oauthReceiverOptions(config: Config, deps: ListenerDeps): Partial<ExpressReceiverOptions> {
  const auth = config.slackAuth;
  if (auth.mode !== "oauth") return {};
  return {
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    stateSecret: auth.stateSecret,
    scopes: auth.scopes,
    installationStore: prismaInstallationStore(deps.ctx),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: OAUTH_REDIRECT_PATH,
      // The install link goes straight to Slack: no landing page of ours in between.
      directInstall: true,
      stateVerification: true,
      clientOptions: { slackApiUrl: config.SLACK_API_URL },
      callbackOptions: oauthCallbackOptions({ messages: deps.ctx.messages, publicBody: config.PUBLIC_BODY }),
    },
  };
}

function registerAll(app: App, config: Config, deps: ListenerDeps, logger: SlackLogger): void {
  // Bolt's default handler, less its error line for a replay: the receiver answers that one with a warning.
  app.error(async (error) => {
    if (!(error instanceof ReplayedSlackRequest)) logger.error(error);
    throw error;
  });
  registerListeners(app, deps);
  if (config.slackAuth.mode === "oauth") {
    app.event("app_uninstalled", installationRevoked(deps));
    app.event("tokens_revoked", installationRevoked(deps));
  }
}

/**
 * The Bolt app. With SLACK_APP_TOKEN it uses Socket Mode (development: no public URL needed) and the
 * HTTP app serves only the REST API (and, over OAuth, the install pages); otherwise Slack posts to
 * /slack/events on the same HTTP server. With one bot token every request uses it; over OAuth each
 * request gets the client of its own workspace from Bolt.
 */
export function createSlackApp(options: {
  config: Config;
  logger: Logger;
  httpApp: Express;
  deps: ListenerDeps;
}): SlackApp {
  const { config, httpApp, deps } = options;
  const logger: SlackLogger = slackLogger(options.logger);
  const common = { logger, logLevel: LogLevel.INFO, clientOptions: { slackApiUrl: config.SLACK_API_URL } };
  const token = config.slackAuth.mode === "token" ? config.slackAuth.botToken : undefined;
  let server: Server | null = null;
  if (config.slackAuth.mode === "oauth") sameSiteLaxCookies(httpApp);

  if (config.SLACK_APP_TOKEN) {
    // Over OAuth, a receiver with no event endpoint serves the install pages on the HTTP app, and its
    // installer authorizes what arrives over the socket.
    const installer =
      config.slackAuth.mode === "oauth"
        ? new ExpressReceiver({
            signingSecret: config.SLACK_SIGNING_SECRET,
            app: httpApp,
            logger,
            endpoints: {},
            ...oauthReceiverOptions(config, deps),
          }).installer
        : undefined;
    const app = new App({
      ...common,
      ...(installer ? { authorize: installer.authorize } : { token }),
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
    });
    registerAll(app, config, deps, logger);
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
    // Each request's receipt, written by the replay guard while Bolt handles the request, and when it
    // arrived (a trigger_id lives 3 s from the click: listeners/trigger-deadline.ts).
    customPropertiesExtractor: (req) => ({
      [RECEIPT_PROPERTY]: receiptOf(req),
      [RECEIVED_AT_PROPERTY]: receivedAtOf(req),
    }),
    processEventErrorHandler: answerReplays(options.logger),
    ...oauthReceiverOptions(config, deps),
  });
  const app = new App({ ...common, token, receiver });
  registerAll(app, config, deps, logger);
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
