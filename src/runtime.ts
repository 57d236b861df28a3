import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chorusProClientFromConfig } from "./chorus-pro/client.ts";
import { type Config, ConfigError } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { createAckFirst } from "./http/ack-first.ts";
import { answerUnhandledErrors, createHttpApp } from "./http/server.ts";
import { createSlackReceipts } from "./http/slack-replay-guard.ts";
import { messagesFor } from "./i18n/index.ts";
import { scheduleJobs } from "./jobs/schedule.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { createDeliver } from "./notify/deliver.ts";
import { createEmailSender } from "./notify/email-delivery.ts";
import { createOutboxWorker, type OutboxWorker } from "./notify/outbox-worker.ts";
import { formKeyFrom } from "./security/form-tokens.ts";
import { createSecretBox } from "./security/secret-box.ts";
import { readOutboxStats } from "./services/check-health.ts";
import type { ServiceContext } from "./services/context.ts";
import { createEmailDeliveries } from "./services/deliver-emails.ts";
import {
  sealClearSlackInstallations,
  unreadableSlackInstallations,
} from "./services/slack-workspace/slack-installations.ts";
import { createSlackApp } from "./slack/app.ts";
import { createSlackDeliveries } from "./slack/delivery/deliver-to-slack.ts";
import { createSlackRateLimiter } from "./slack/delivery/slack-rate-limiter.ts";
import { createDeliveryClient, createWebApiClient, toDeliveryError } from "./slack/web-api.ts";
import { createSlackWorkspaces } from "./slack/workspace-clients.ts";

/** A running app: what tests and `main.ts` hold to reach it and to stop it. */
export interface Runtime {
  ctx: ServiceContext;
  database: Database;
  outbox: OutboxWorker;
  httpServer: Server;
  /** The port actually listened on (PORT=0 picks a free one). */
  port: number;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** An already open database (tests); by default the one DATABASE_URL or DATA_DIR names is opened. */
  database?: Database;
  logger?: Logger;
  now?: () => Date;
}

/** Composition root: config → database → services → Slack app → HTTP API → outbox worker → start. */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database =
    options.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  if (database.appliedMigrations.length > 0) {
    logger.info({ migrations: database.appliedMigrations }, "database migrations applied");
  }
  let outbox: OutboxWorker | null = null;
  const now = options.now ?? (() => new Date());
  const messages = messagesFor(config.LOCALE);
  const metrics = createMetrics({ outboxStats: () => readOutboxStats(database.prisma, now()) });
  const chorusProApi = chorusProClientFromConfig(config, { messages, logger, metrics, now });
  const ctx: ServiceContext = {
    prisma: database.prisma,
    exportReader: database.exportReader,
    messages,
    logger,
    now,
    metrics,
    outboxWritten: () => outbox?.kick(),
    databaseLocation: database.location,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    secretBox: config.SECRETS_KEY ? createSecretBox(config.SECRETS_KEY) : null,
    chorusPro:
      chorusProApi && config.chorusPro
        ? { api: chorusProApi, secrets: createSecretBox(config.chorusPro.secretKey) }
        : null,
  };
  if (config.slackAuth.mode === "oauth") {
    try {
      await prepareSlackInstallations(ctx);
    } catch (error) {
      if (!options.database) await database.close();
      throw error;
    }
  }
  const slackLimiter = createSlackRateLimiter({
    prisma: database.prisma,
    logger,
    metrics: ctx.metrics,
    // Slack's limits run on real time, whatever clock the app is given.
    now: () => Date.now(),
    tierRateFactor: config.SLACK_TIER_RATE_FACTOR,
    // Several replicas may call Slack for one app: the same code whether or not they do.
    shareTurns: true,
  });
  const webApi = { apiUrl: config.SLACK_API_URL, logger, timeoutMs: config.SLACK_API_TIMEOUT_MS };
  const workspaces = createSlackWorkspaces({
    auth: config.slackAuth,
    ctx,
    clients: {
      delivery: (token, teamId) =>
        createDeliveryClient({ token, ...webApi, limiter: slackLimiter, workspace: teamId }),
      // Listeners' identity lookups answer a person waiting: never paced, unlike deliveries.
      lookup: (token) => createWebApiClient({ token, ...webApi }),
    },
  });
  const { directory } = workspaces;
  const email = createEmailSender({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  outbox = createOutboxWorker({
    prisma: database.prisma,
    logger,
    now: ctx.now,
    pollMs: config.OUTBOX_POLL_MS,
    deliver: createDeliver({
      email: createEmailDeliveries(ctx, email),
      slack: createSlackDeliveries({ ctx, workspaces }),
      toDeliveryError,
    }),
  });
  const ackFirst = createAckFirst();
  // Socket Mode receives no HTTP request from Slack: nothing to guard, no answer to wait for.
  const receipts = config.SLACK_APP_TOKEN ? undefined : createSlackReceipts({ ctx, database });
  const httpApp = createHttpApp(
    {
      ctx,
      apiTokens: config.API_TOKENS,
      locale: config.LOCALE,
      metricsToken: config.METRICS_TOKEN,
      trustProxy: config.TRUST_PROXY,
      pages: {
        look: { messages: ctx.messages, publicBody: config.PUBLIC_BODY },
        formKey: formKeyFrom(config.SLACK_SIGNING_SECRET),
      },
    },
    receipts && { signingSecret: config.SLACK_SIGNING_SECRET, ackFirst, receipts },
  );
  const slack = createSlackApp({
    config,
    logger,
    httpApp,
    deps: { ctx, directory, workTurn: () => ackFirst.workTurn() },
  });
  answerUnhandledErrors(httpApp, ctx);
  const httpServer = await slack.start();
  outbox.start();
  const jobs = scheduleJobs(ctx, {
    digestCron: config.DIGEST_CRON,
    reminderCron: config.REMINDER_CRON,
    fluxRejectPurgeCron: config.FLUX_REJECT_PURGE_CRON,
    idempotencyPurgeCron: config.IDEMPOTENCY_PURGE_CRON,
    outboxPurgeCron: config.OUTBOX_PURGE_CRON,
    attachmentStartCron: config.ATTACHMENT_START_CRON,
    requestExpiryCron: config.REQUEST_EXPIRY_CRON,
    chorusProSyncCron: config.CHORUS_PRO_SYNC_CRON,
    requestTtlDays: config.REQUEST_TTL_DAYS,
    bulkRecoveryCron: config.BULK_RECOVERY_CRON,
    escalationDays: config.ESCALATION_DAYS,
    outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
  });
  const port = (httpServer.address() as AddressInfo).port;
  logger.info(
    {
      port,
      database: database.kind,
      socketMode: Boolean(config.SLACK_APP_TOKEN),
      slack: config.slackAuth.mode,
    },
    "Chorus manager bot started",
  );

  const worker = outbox;
  return {
    ctx,
    database,
    outbox: worker,
    httpServer,
    port,
    async stop() {
      await jobs.stop();
      await slack.stop();
      await receipts?.close();
      await worker.stop();
      email.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * Over OAuth, before anything reads an installation: SECRETS_KEY must open the stored ones (a wrong
 * key stops the start, before a clear row is encrypted with it), then the rows an earlier version
 * stored in clear are encrypted.
 */
async function prepareSlackInstallations(ctx: ServiceContext): Promise<void> {
  const unreadable = await unreadableSlackInstallations(ctx);
  if (unreadable.length > 0) {
    const keys = unreadable.join(", ");
    throw new ConfigError([
      `SECRETS_KEY: cette clé n'ouvre pas les installations Slack enregistrées (${keys}). Remettez la clé ` +
        "avec laquelle elles ont été chiffrées (la même sur chaque réplique) ; si elle est perdue, supprimez " +
        "ces installations et réinstallez l'application dans ces espaces de travail. / This key does not " +
        `open the stored Slack installations (${keys}). Set back the key they were encrypted with (the same ` +
        "on every replica); if it is lost, delete these installations and install the app again in those workspaces.",
    ]);
  }
  const sealed = await sealClearSlackInstallations(ctx);
  if (sealed > 0) ctx.logger.info({ installations: sealed }, "Slack installations stored in clear encrypted");
}
