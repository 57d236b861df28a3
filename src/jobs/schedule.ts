import cron, { type Logger as CronLogger, type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.ts";
import type { ServiceContext } from "../services/context.ts";
import { resumeStaleBulkRuns } from "../services/requests/run-bulk-decision.ts";
import { expireStaleRequests } from "./expire-stale-requests.ts";
import { notifyTechnicalPasswordExpiry } from "./notify-technical-password-expiry.ts";
import { purgeDeliveredOutbox } from "./purge-delivered-outbox.ts";
import { purgeFluxRejects } from "./purge-flux-rejects.ts";
import { purgeIdempotencyRecords } from "./purge-idempotency-records.ts";
import { runDailyDigest } from "./run-daily-digest.ts";
import { runEscalationReminders } from "./run-escalation-reminders.ts";
import { startUpcomingAttachments } from "./start-upcoming-attachments.ts";
import { syncChorusPro } from "./sync-chorus-pro.ts";

export interface JobSchedule {
  /** Cron expressions (Europe/Paris), or null to leave a job off. */
  digestCron: string | null;
  reminderCron: string | null;
  fluxRejectPurgeCron: string | null;
  idempotencyPurgeCron: string | null;
  outboxPurgeCron: string | null;
  bulkRecoveryCron: string | null;
  attachmentStartCron: string | null;
  requestExpiryCron: string | null;
  chorusProSyncCron: string | null;
  escalationDays: number;
  /** Working days a request may wait before it expires; null: never. */
  requestTtlDays: number | null;
  /** Days a delivered outbox row is kept before the outbox purge deletes it. */
  outboxRetentionDays: number;
}

export interface ScheduledJobs {
  stop(): Promise<void>;
}

/** node-cron's own logger, routed to pino so its warnings (missed runs…) land with the app's logs. */
function cronLogger(logger: Logger): CronLogger {
  const child = logger.child({ component: "cron" });
  return {
    info: (message) => child.info(message),
    warn: (message) => child.warn(message),
    error: (message, err) => child.error({ err: err ?? message }, String(message)),
    debug: (message, err) => child.debug({ err }, String(message)),
  };
}

/**
 * Wires the jobs to node-cron in Paris time. Only the wiring lives here: each job is a function of
 * `now` (tested directly) and is safe to run on every replica (claims in JobRun). A failed run is
 * logged; the next tick tries again.
 */
export function scheduleJobs(ctx: ServiceContext, schedule: JobSchedule): ScheduledJobs {
  const settings = { escalationDays: schedule.escalationDays };
  const jobs = [
    {
      name: "daily-digest",
      expression: schedule.digestCron,
      run: () => runDailyDigest(ctx, ctx.now(), settings),
    },
    {
      name: "escalation-reminders",
      expression: schedule.reminderCron,
      run: () => runEscalationReminders(ctx, ctx.now(), settings),
    },
    {
      name: "flux-reject-purge",
      expression: schedule.fluxRejectPurgeCron,
      run: () => purgeFluxRejects(ctx, ctx.now()),
    },
    {
      name: "idempotency-key-purge",
      expression: schedule.idempotencyPurgeCron,
      run: () => purgeIdempotencyRecords(ctx, ctx.now()),
    },
    {
      name: "outbox-purge",
      expression: schedule.outboxPurgeCron,
      run: () => purgeDeliveredOutbox(ctx, ctx.now(), { retentionDays: schedule.outboxRetentionDays }),
    },
    {
      // A bulk decision whose process died (its lease expired) is taken over by one replica.
      name: "bulk-run-recovery",
      expression: schedule.bulkRecoveryCron,
      run: () => resumeStaleBulkRuns(ctx),
    },
    {
      // Attachments "à venir" whose start date has come; hourly, so a missed midnight (a restart) is caught up.
      name: "attachment-start",
      expression: schedule.attachmentStartCron,
      run: () => startUpcomingAttachments(ctx, ctx.now()),
    },
    {
      name: "request-expiry",
      expression: schedule.requestExpiryCron,
      run: () => expireStaleRequests(ctx, ctx.now(), { ttlDays: schedule.requestTtlDays }),
    },
    {
      // Off while Chorus Pro is not configured (both jobs then have nothing to read).
      name: "chorus-pro-sync",
      expression: ctx.chorusPro ? schedule.chorusProSyncCron : null,
      run: async () => {
        await syncChorusPro(ctx, ctx.now());
        await notifyTechnicalPasswordExpiry(ctx, ctx.now());
      },
    },
  ];
  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    if (!job.expression) continue;
    const task = cron.schedule(
      job.expression,
      () =>
        job.run().then(
          () => ctx.metrics.jobRuns.inc({ job: job.name, outcome: "ok" }),
          (error: unknown) => {
            ctx.metrics.jobRuns.inc({ job: job.name, outcome: "failed" });
            ctx.logger.error({ err: error, job: job.name }, "scheduled job failed");
          },
        ),
      { timezone: "Europe/Paris", name: job.name, noOverlap: true, logger: cronLogger(ctx.logger) },
    );
    tasks.push(task);
  }
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
