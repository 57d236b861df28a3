import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** What the outbox looks like now, read from the database when Prometheus scrapes (cluster-wide). */
export interface OutboxStats {
  pending: number;
  failed: number;
  oldestAgeSeconds: number;
}

/**
 * The app's Prometheus metrics, one registry per running app (tests run several in one process).
 * Counters count what this replica did (Prometheus sums the replicas); the outbox gauges are read
 * from the shared database at scrape time, so every replica reports the same cluster-wide figures.
 */
export interface Metrics {
  registry: Registry;
  /** Decisions taken on requests, by kind of request, decision and how (one by one or in bulk). */
  decisions: Counter<"request_type" | "decision" | "mode">;
  /** 429 answers received from the Slack Web API, by method. */
  slackRateLimited: Counter<"method">;
  /** Scheduled job runs on this replica, by job and outcome ("ok" or "failed"). */
  jobRuns: Counter<"job" | "outcome">;
  /** Requests to /slack/events answered before Bolt saw them (unsigned, stale, too large, replayed…), by reason. */
  slackRequestsRefused: Counter<"reason">;
  /**
   * Seconds from Bolt receiving a Slack request to the end of its listeners' work, by kind
   * ("block_actions", "view_submission", "/chorus"…) and outcome ("ok", "replay", "failed").
   */
  slackHandling: Histogram<"kind" | "outcome">;
  /** Bytes of Slack request bodies being read or not yet verified (reserved at their declared length). */
  slackUnverifiedBodyBytes: Gauge;
  /** Chorus Pro calls (PISTE), by operation and outcome ("ok", "unreachable", "refused", "rejected"). */
  chorusProCalls: Counter<"operation" | "outcome">;
  /** Chorus Pro requests retried, by reason ("rate_limited", "server_error", "timeout", "network", "token_renewed"). */
  chorusProRetries: Counter<"reason">;
}

export function createMetrics(options: { outboxStats: () => Promise<OutboxStats> }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "chorus_" });
  let stats: Promise<OutboxStats> | null = null;
  // The three gauges are read by one query per scrape, not three.
  const current = () => {
    stats ??= options.outboxStats().finally(() => {
      stats = null;
    });
    return stats;
  };
  new Gauge({
    name: "chorus_outbox_pending",
    help: "Deliveries (Slack, e-mail) waiting in the outbox",
    registers: [registry],
    async collect() {
      this.set((await current()).pending);
    },
  });
  new Gauge({
    name: "chorus_outbox_failed",
    help: "Deliveries that failed permanently",
    registers: [registry],
    async collect() {
      this.set((await current()).failed);
    },
  });
  new Gauge({
    name: "chorus_outbox_oldest_age_seconds",
    help: "Age of the oldest delivery still waiting in the outbox",
    registers: [registry],
    async collect() {
      this.set((await current()).oldestAgeSeconds);
    },
  });
  return {
    registry,
    decisions: new Counter({
      name: "chorus_decisions_total",
      help: "Decisions taken on attachment and subscription requests",
      labelNames: ["request_type", "decision", "mode"] as const,
      registers: [registry],
    }),
    slackRateLimited: new Counter({
      name: "chorus_slack_rate_limited_total",
      help: "429 answers received from the Slack Web API",
      labelNames: ["method"] as const,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "chorus_job_runs_total",
      help: "Scheduled job runs on this replica",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    slackRequestsRefused: new Counter({
      name: "chorus_slack_requests_refused_total",
      help: "Requests to /slack/events refused before Bolt saw them, by reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    slackHandling: new Histogram({
      name: "chorus_slack_handling_seconds",
      help: "Time from Bolt receiving a Slack request to the end of its listeners' work, by kind and outcome",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    slackUnverifiedBodyBytes: new Gauge({
      name: "chorus_slack_unverified_body_bytes",
      help: "Bytes of Slack request bodies being read or not yet verified",
      registers: [registry],
    }),
    chorusProCalls: new Counter({
      name: "chorus_pro_calls_total",
      help: "Calls to the Chorus Pro API (PISTE), by operation and outcome",
      labelNames: ["operation", "outcome"] as const,
      registers: [registry],
    }),
    chorusProRetries: new Counter({
      name: "chorus_pro_retries_total",
      help: "Chorus Pro requests retried (429, 5xx, timeouts, network errors, renewed tokens), by reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
  };
}
