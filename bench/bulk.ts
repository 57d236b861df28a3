import { pathToFileURL } from "node:url";
import type { Database } from "../src/db/database.ts";
import { createUser } from "../src/services/accounts/create-user.ts";
import { createAttachmentRequest } from "../src/services/requests/create-attachment-request.ts";
import { runBulkDecision } from "../src/services/requests/run-bulk-decision.ts";
import { startBulkRun } from "../src/services/requests/start-bulk-run.ts";
import type { Actor } from "../src/services/slack-workspace/slack-identities.ts";
import {
  type BenchApp,
  outboxDrained,
  startBenchApp,
  startRateLimitedBenchApp,
  waitUntil,
} from "./support/app.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withBenchDatabase,
} from "./support/databases.ts";
import { type BenchFigure, median, QUICK } from "./support/results.ts";
import { benchStructureIdentifier, createBenchStructures, insertBenchRequests } from "./support/seed.ts";

/** BENCH_QUICK=1: two requests per channel instead of twenty, to check quickly that the bench runs. */
const REQUESTS = QUICK ? 50 : 500;
/** Ten times more, to see how the decision time grows (goal: at most linearly). */
const SCALED_REQUESTS = REQUESTS * 10;
/** Issue 18: 500 decisions recorded in under 2 s. */
const DECISION_GOAL_MS = 2000;
const CHANNELS = 25;
const TIER_FACTOR = 10;

/**
 * `requests` pending attachment requests spread over `channels` structures, each with its channel
 * and the same principal manager, filed through the use case and posted; returns them and the
 * manager.
 */
async function seedPostedRequests(
  app: BenchApp,
  database: Database,
  size: { channels: number; requests: number },
): Promise<{ selection: { type: "attachment"; id: string }[]; actor: Actor }> {
  const { ctx } = app.runtime;
  app.slack.addUser({ id: "UBENCHMGR1", email: "manager@banc.test" });
  await createBenchStructures(ctx, size.channels, (n) => `CBULK${String(n).padStart(5, "0")}`);
  const selection: { type: "attachment"; id: string }[] = [];
  for (let index = 0; index < size.requests; index++) {
    const email = `demandeur.${index}@banc.test`;
    await createUser(ctx, { loginEmail: email, firstName: "Jeanne", lastName: `Nº ${index}` });
    const request = await createAttachmentRequest(ctx, {
      structureIdentifier: benchStructureIdentifier(index % size.channels),
      userLoginEmail: email,
      serviceCodes: [],
      comment: null,
    });
    selection.push({ type: "attachment", id: request.id });
  }
  await waitUntil(async () => (await database.prisma.requestMessage.count()) === size.requests, 300_000);
  app.slack.reset();
  const manager = await database.prisma.userAccount.findUniqueOrThrow({
    where: { loginEmail: "manager@banc.test" },
  });
  return {
    selection,
    actor: { accountId: manager.id, name: "Gestion Banc", slackUserId: "UBENCHMGR1", teamId: null },
  };
}

/** "Valider la sélection" on `selection`, as the manager: the run started, then decided. */
async function validateSelection(
  app: BenchApp,
  actor: Actor,
  selection: { type: "attachment"; id: string }[],
): Promise<void> {
  const { ctx } = app.runtime;
  const runId = await startBulkRun(ctx, actor, {
    teamId: app.slack.teamId,
    action: "VALIDATE",
    reason: null,
    selection,
  });
  await runBulkDecision(ctx, runId);
}

/**
 * A bulk validation of 500 requests spread over 25 structures, each with its channel, against the
 * fake Slack Web API with its rate limit on (1 message/s per channel, 429 beyond): the real app, its
 * outbox and its Slack rate limiter, on one database. Reports the decision time, the time until every
 * message is updated, the Slack calls and 429s, and the updates lost (messages still showing buttons).
 */
async function measure(
  kind: BenchDatabaseKind,
  database: Database,
): Promise<{ figures: BenchFigure[]; decidedMs: number }> {
  // Slack's tiers scaled ×10 on both sides (chat.update is Tier 3: 50 a minute would make the 500
  // updates last 10 minutes); the pace per channel stays Slack's real one.
  const app = await startRateLimitedBenchApp(database, TIER_FACTOR);
  const { slack, smtp } = app;
  try {
    const { selection, actor } = await seedPostedRequests(app, database, {
      channels: CHANNELS,
      requests: REQUESTS,
    });
    const start = performance.now();
    await validateSelection(app, actor, selection);
    const decidedMs = performance.now() - start;
    await outboxDrained(database, 600_000);
    const wallMs = performance.now() - start;

    const decided = await database.prisma.attachmentRequest.count({ where: { status: "VALIDATED" } });
    const shown = await database.prisma.requestMessage.findMany();
    const lost = shown.filter((message) =>
      JSON.stringify(slack.message(message.channelId, message.ts)?.blocks).includes(
        "attachment_request_validate",
      ),
    ).length;
    const updates = slack.calls.filter((call) => call.method === "chat.update").length;
    const deliveries = await database.prisma.outboxMessage.groupBy({ by: ["kind"], _count: { _all: true } });
    console.log(
      `bulk: ${REQUESTS} requests over ${CHANNELS} channels, ${DATABASE_LABELS[kind]}, fake Slack at 1 message/s ` +
        `per channel — decisions recorded ${decided}/${REQUESTS} in ${(decidedMs / 1000).toFixed(1)} s, every ` +
        `message updated after ${(wallMs / 1000).toFixed(1)} s; Slack calls ${slack.calls.length} (chat.update ` +
        `${updates}), 429s ${slack.rateLimited}, lost updates ${lost}, e-mails ${smtp.messages.length}, violations ` +
        `${slack.violations.length}; outbox ` +
        deliveries.map((row) => `${row.kind} ${row._count._all}`).join(", "),
    );
    const figures: BenchFigure[] = [
      {
        figure: `bulk: ${REQUESTS} decisions recorded (one bulk validation)`,
        database: kind,
        value: `${decided}/${REQUESTS} in ${(decidedMs / 1000).toFixed(2)} s`,
        goal: `${REQUESTS}/${REQUESTS}, < ${DECISION_GOAL_MS / 1000} s`,
        met: decided === REQUESTS && decidedMs < DECISION_GOAL_MS,
      },
      {
        figure: "bulk: every message updated, Slack at 1 message/s per channel",
        database: kind,
        value: `after ${(wallMs / 1000).toFixed(1)} s (${updates} chat.update, ${slack.rateLimited} 429s)`,
        goal: "",
      },
      {
        figure: "bulk: lost updates (messages still showing their buttons)",
        database: kind,
        value: String(lost),
        goal: "0",
        met: lost === 0,
      },
    ];
    return { figures, decidedMs };
  } finally {
    await app.close();
  }
}

/**
 * The same bulk validation at ten times the size, the app running as above: the requests (over the
 * same 25 structures, without a posted message each) are written with set-based SQL, since filing
 * 5,000 through the use case and posting them at Slack's pace would take hours. Returns the time from
 * the start of the run until every decision is recorded.
 */
async function measureScaled(database: Database): Promise<{ decided: number; decidedMs: number }> {
  const app = await startBenchApp(database, { env: { OUTBOX_POLL_MS: "50" } });
  const { ctx } = app.runtime;
  const { prisma } = database;
  try {
    app.slack.addUser({ id: "UBENCHMGR1", email: "manager@banc.test" });
    await createBenchStructures(ctx, CHANNELS, () => null);
    const requests = await insertBenchRequests(database, SCALED_REQUESTS);
    const manager = await prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: "manager@banc.test" },
    });
    const actor = { accountId: manager.id, name: "Gestion Banc", slackUserId: "UBENCHMGR1", teamId: null };
    const start = performance.now();
    await validateSelection(
      app,
      actor,
      requests.map((id) => ({ type: "attachment" as const, id })),
    );
    const decidedMs = performance.now() - start;
    const decided = await prisma.attachmentRequest.count({ where: { status: "VALIDATED" } });
    return { decided, decidedMs };
  } finally {
    await app.close();
  }
}

/** Issue 18: 150 updates after a bulk decision, at Slack's real tiers (chat.update: Tier 3, 50 a minute). */
const PACED_UPDATES = QUICK ? 60 : 150;
const TIER_3_PER_MINUTE = 50;
const PACING_GOAL = 0.9;

/**
 * Slack's real pace (`SLACK_TIER_RATE_FACTOR=1`, the fake's tiers unscaled): a bulk validation of
 * 150 requests, one per channel so that only chat.update's Tier 3 binds. Reports the rate of the
 * updates against what the tier allows over the same time (a full minute's burst, then 50 a minute),
 * the 429s, and when the Home tab and the summary were made, against the updates.
 */
async function measurePacing(kind: BenchDatabaseKind, database: Database): Promise<BenchFigure[]> {
  const app = await startRateLimitedBenchApp(database, 1);
  const { slack } = app;
  try {
    const { selection, actor } = await seedPostedRequests(app, database, {
      channels: PACED_UPDATES,
      requests: PACED_UPDATES,
    });
    const start = Date.now();
    await validateSelection(app, actor, selection);
    await outboxDrained(database, 900_000);
    const okCalls = (method: string) =>
      slack.calls.filter((call) => call.method === method && call.ok).map((call) => call.at - start);
    const updates = okCalls("chat.update");
    const lastUpdate = Math.max(...updates);
    const firstUpdate = Math.min(...updates);
    // What Tier 3 lets through from the first update to the last: a minute's burst, then its rate.
    const allowed = TIER_3_PER_MINUTE + (TIER_3_PER_MINUTE * (lastUpdate - firstUpdate)) / 60_000;
    const pace = updates.length / allowed;
    const home = Math.max(...okCalls("views.publish"));
    const summary = Math.max(...okCalls("chat.postMessage"));
    const medianUpdate = median(updates);
    const first = home < medianUpdate && summary < medianUpdate;
    const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
    console.log(
      `bulk pacing: ${PACED_UPDATES} requests over ${PACED_UPDATES} channels, ${DATABASE_LABELS[kind]}, Slack's ` +
        `real tiers — ${updates.length} chat.update from ${seconds(firstUpdate)} to ${seconds(lastUpdate)} ` +
        `after the start: ${(pace).toFixed(2)}x what Tier 3 allows (goal ≥ ${PACING_GOAL}x), 429s ` +
        `${slack.rateLimited}; Home tab published at ${seconds(home)}, summary at ${seconds(summary)} ` +
        `(median update at ${seconds(medianUpdate)})`,
    );
    return [
      {
        figure: `bulk pacing: ${PACED_UPDATES} updates at Slack's real Tier 3, rate / what the tier allows`,
        database: kind,
        value: `${pace.toFixed(2)}x (${updates.length} in ${seconds(lastUpdate - firstUpdate)}), ${slack.rateLimited} 429s`,
        goal: `≥ ${PACING_GOAL}x, 0 429s`,
        met: updates.length === PACED_UPDATES && pace >= PACING_GOAL && slack.rateLimited === 0,
      },
      {
        figure: "bulk pacing: Home tab and summary, after the start",
        database: kind,
        value: `${seconds(home)} and ${seconds(summary)} (median update ${seconds(medianUpdate)})`,
        goal: "before the updates",
        met: first,
      },
    ];
  } finally {
    await app.close();
  }
}

/** A bulk validation against a rate-limited Slack, then ten times larger, on each database. */
export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds()) {
    const small = await withBenchDatabase(kind, (database) => measure(kind, database));
    const scaled = await withBenchDatabase(kind, (database) => measureScaled(database));
    const growth = scaled.decidedMs / small.decidedMs;
    console.log(
      `bulk: ${SCALED_REQUESTS} requests, ${DATABASE_LABELS[kind]} — decisions recorded ${scaled.decided}/` +
        `${SCALED_REQUESTS} in ${(scaled.decidedMs / 1000).toFixed(2)} s, ${growth.toFixed(1)}x the time of ` +
        `${REQUESTS} (linear: 10x)`,
    );
    figures.push(...small.figures, {
      figure: `bulk: ${SCALED_REQUESTS} decisions recorded, time / ${REQUESTS}'s time`,
      database: kind,
      value: `${growth.toFixed(1)}x (${scaled.decided}/${SCALED_REQUESTS} in ${(scaled.decidedMs / 1000).toFixed(2)} s)`,
      goal: "≤ 10x (linear)",
      met: scaled.decided === SCALED_REQUESTS && growth <= 10,
    });
    figures.push(...(await withBenchDatabase(kind, (database) => measurePacing(kind, database))));
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
