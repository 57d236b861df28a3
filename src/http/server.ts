import express, { type ErrorRequestHandler, type Express } from "express";
import helmet from "helmet";
import { clientErrorStatus } from "../errors.ts";
import { ACTIVATION_PATH } from "../services/accounts/send-activation-emails.ts";
import { checkHealth } from "../services/check-health.ts";
import type { ServiceContext } from "../services/context.ts";
import type { ReceiptRecorder } from "../services/slack-workspace/slack-request-receipts.ts";
import type { AckFirst } from "./ack-first.ts";
import { type ActivationPages, createActivationRouter } from "./activation.ts";
import { type ApiDeps, createApiRouter, errorBody } from "./api.ts";
import { bearerChecker } from "./bearer.ts";
import { createSlackBodyReader } from "./slack-body-reader.ts";
import { slackReplayGuard } from "./slack-replay-guard.ts";
import { createStaticAssetsRouter } from "./static-assets.ts";

/**
 * The security headers of every answer, set by helmet (maintained, and it knows which header each
 * browser still reads): a strict Content-Security-Policy (only the files the app serves, no inline
 * script or style, forms posted to the app only, no framing), Referrer-Policy: no-referrer (an
 * activation link holds a secret) and X-Frame-Options: DENY for browsers older than frame-ancestors.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  referrerPolicy: { policy: "no-referrer" },
  frameguard: { action: "deny" },
});

/**
 * The HTTP app shared by the REST API, the health check and (in HTTP mode) Slack's receiver. With a
 * signing secret, replays of signed Slack requests are refused before Bolt's receiver sees them.
 */
export function createHttpApp(
  deps: ApiDeps & { metricsToken?: string; trustProxy?: number | string[]; pages: ActivationPages },
  slack?: { signingSecret: string; ackFirst: AckFirst; receipts: ReceiptRecorder },
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders);
  // req.ip: the peer of the connection, or the client's address as the trusted proxies forward it.
  if (deps.trustProxy !== undefined) app.set("trust proxy", deps.trustProxy);
  if (slack)
    app.post(
      "/slack/events",
      slack.ackFirst.track,
      slackReplayGuard({
        ctx: deps.ctx,
        signingSecret: slack.signingSecret,
        receipts: slack.receipts,
        bodies: createSlackBodyReader(deps.ctx.metrics.slackUnverifiedBodyBytes),
      }),
    );
  app.get("/healthz", async (_req, res) => {
    try {
      res.json(await checkHealth(deps.ctx));
    } catch (error) {
      deps.ctx.logger.error({ err: error }, "health check failed");
      res.status(503).json({ status: "unavailable" });
    }
  });
  const metricsReader = deps.metricsToken ? bearerChecker([deps.metricsToken]) : null;
  app.get("/metrics", async (req, res) => {
    if (metricsReader && !metricsReader(req)) {
      const message = deps.ctx.messages.errors.unauthorizedMetrics;
      res.status(401).set("WWW-Authenticate", "Bearer").json(errorBody("unauthorized", message));
      return;
    }
    const { registry } = deps.ctx.metrics;
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use("/api/v1", createApiRouter(deps));
  app.use(createStaticAssetsRouter(deps.pages.look.publicBody));
  app.use(ACTIVATION_PATH, createActivationRouter(deps.ctx, deps.pages));
  return app;
}

/**
 * The last error handler of the HTTP app, added once every route is (Bolt's receiver adds its own
 * after createHttpApp): a request no handler answered gets a JSON error and one JSON log line, where
 * Express's own handler would print a stack trace on several lines of the standard error.
 */
export function answerUnhandledErrors(app: Express, ctx: ServiceContext): void {
  app.use(((error, req, res, _next) => {
    const status = clientErrorStatus(error);
    if (status === null) ctx.logger.error({ err: error, path: req.path }, "HTTP request failed");
    else ctx.logger.warn({ status, path: req.path, err: String(error) }, "HTTP request refused");
    if (res.headersSent) return void res.end();
    const [code, message] =
      status === null
        ? ["internal", ctx.messages.errors.unexpected]
        : ["invalid_input", ctx.messages.errors.invalidInput];
    res.status(status ?? 500).json(errorBody(code, message));
  }) satisfies ErrorRequestHandler);
}
