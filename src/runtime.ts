import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { createHttpApp } from "./http/server.ts";
import { messagesFor } from "./i18n/index.ts";
import { scheduleJobs } from "./jobs/schedule.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { createChannelPacer } from "./notify/channel-pacer.ts";
import { createDeliver } from "./notify/deliver.ts";
import { createEmailSender } from "./notify/email-delivery.ts";
import { createOutboxWorker, type OutboxWorker } from "./notify/outbox-worker.ts";
import { readOutboxStats } from "./services/check-health.ts";
import type { ServiceContext } from "./services/context.ts";
import { createSlackApp } from "./slack/app.ts";
import { createDeliveryClient, toDeliveryError, webApiDirectory, workspaceOf } from "./slack/web-api.ts";

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
  const ctx: ServiceContext = {
    prisma: database.prisma,
    exportReader: database.exportReader,
    messages: messagesFor(config.LOCALE),
    logger,
    now,
    metrics: createMetrics({ outboxStats: () => readOutboxStats(database.prisma, now()) }),
    outboxWritten: () => outbox?.kick(),
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
  const deliveryClient = createDeliveryClient({
    token: config.SLACK_BOT_TOKEN,
    apiUrl: config.SLACK_API_URL,
    logger,
  });
  const directory = webApiDirectory(deliveryClient);
  const email = createEmailSender({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  outbox = createOutboxWorker({
    prisma: database.prisma,
    logger,
    now: ctx.now,
    pollMs: config.OUTBOX_POLL_MS,
    deliver: createDeliver({
      email,
      slack: {
        ctx,
        client: deliveryClient,
        directory,
        teamId: workspaceOf(deliveryClient),
        // Wall-clock pacing: Slack's rate limits run on real time, whatever clock the app is given;
        // a little over a second, as the calls reach Slack a moment after they are paced.
        pacer: createChannelPacer({ intervalMs: 1100, now: () => new Date() }),
      },
      toDeliveryError,
    }),
  });
  const httpApp = createHttpApp({ ctx, apiTokens: config.API_TOKENS, locale: config.LOCALE });
  const slack = createSlackApp({ config, logger, httpApp, deps: { ctx, directory } });
  const httpServer = await slack.start();
  outbox.start();
  const jobs = scheduleJobs(ctx, {
    digestCron: config.DIGEST_CRON,
    reminderCron: config.REMINDER_CRON,
    fluxRejectPurgeCron: config.FLUX_REJECT_PURGE_CRON,
    bulkRecoveryCron: config.BULK_RECOVERY_CRON,
    escalationDays: config.ESCALATION_DAYS,
  });
  const port = (httpServer.address() as AddressInfo).port;
  logger.info(
    { port, database: database.kind, socketMode: Boolean(config.SLACK_APP_TOKEN) },
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
      await worker.stop();
      email.close();
      if (!options.database) await database.close();
    },
  };
}
