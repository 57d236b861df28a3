import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { ActionIds } from "../src/slack/ids.ts";
import { SIGNING_SECRET } from "../test/support/app-harness.ts";
import type { AppProcess } from "../test/support/app-process.ts";
import { type FakeSlack, startFakeSlack } from "../test/support/fake-slack/index.ts";
import { blockActionsPayload, signSlackBody } from "../test/support/slack-requests.ts";
import { waitUntil } from "./support/app.ts";
import { type ManagerClick, seedManagerClicks, withAppProcess } from "./support/app-process.ts";
import { type BenchDatabaseKind, benchDatabaseKinds, DATABASE_LABELS } from "./support/databases.ts";
import { startNoOpAppProcess } from "./support/noop-bolt-app.ts";
import { type BenchFigure, median, ms, percentile, QUICK, ratio } from "./support/results.ts";

/** 50, then 200, managers click "Valider" at the same moment, each on a request of their own structure. */
const CONCURRENCIES = [50, 200] as const;
const MOST_CLICKS = Math.max(...CONCURRENCIES);
const ROUNDS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 20));
const GOAL = 1.3;

/** The pause before each burst: what the previous one left running (a modal's last call…) ends first. */
const SETTLE_MS = 100;

/**
 * The 50 clicks at once over HTTP, signed as Slack signs them (bodies built and signed beforehand, so
 * that only the requests are timed), sent to processes left idle for a moment: each click's time
 * until its HTTP answer, which is Bolt's ack.
 */
async function clickAllAtOnce(baseUrl: string, clicks: ManagerClick[]): Promise<number[]> {
  const requests = clicks.map((click) => {
    const payload = blockActionsPayload({
      userId: click.slackUserId,
      actionId: ActionIds.validateAttachmentRequest,
      value: click.requestId,
      buttonText: "Valider",
      channelId: click.channelId,
      messageTs: click.messageTs,
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const headers = {
      "Content-Type": "application/x-www-form-urlencoded",
      ...signSlackBody(SIGNING_SECRET, body),
    };
    return { body, headers };
  });
  await sleep(SETTLE_MS);
  return Promise.all(
    requests.map(async ({ body, headers }) => {
      const start = performance.now();
      const response = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers, body });
      await response.text();
      const elapsed = performance.now() - start;
      if (response.status !== 200) throw new Error(`a click was answered with HTTP ${response.status}`);
      return elapsed;
    }),
  );
}

async function measure(kind: BenchDatabaseKind): Promise<BenchFigure[]> {
  const slack = await startFakeSlack();
  try {
    return await withAppProcess(kind, slack, async (app) => {
      const noOp = await startNoOpAppProcess(slack);
      try {
        return await clickBoth(kind, slack, app, noOp);
      } finally {
        await noOp.stop();
      }
    });
  } finally {
    await slack.close();
  }
}

/**
 * The rounds of `clicks.length` clicks at once to the app and to the no-op app alternately: each
 * click's time until its ack.
 */
async function roundsOfClicks(
  slack: FakeSlack,
  app: AppProcess,
  noOp: { baseUrl: string },
  clicks: ManagerClick[],
): Promise<{ app: number[]; noOp: number[] }> {
  const answered = () =>
    slack.callsTo("views.open", { okOnly: true }).length + slack.callsTo("chat.postEphemeral").length;
  const times = { app: [] as number[], noOp: [] as number[] };
  // One warm-up round each (Bolt's auth.test, identities cached, query plans), then alternately.
  for (let round = 0; round <= ROUNDS; round++) {
    const before = answered();
    const appTimes = await clickAllAtOnce(app.baseUrl, clicks);
    // The modals open after the ack (or a click past its trigger's life is told to click again): let
    // the app finish before the baseline's turn.
    await waitUntil(async () => answered() === before + clicks.length, 60_000);
    const noOpTimes = await clickAllAtOnce(noOp.baseUrl, clicks);
    if (round === 0) continue;
    times.app.push(...appTimes);
    times.noOp.push(...noOpTimes);
  }
  return times;
}

/** The rounds at each concurrency, then the clicks one at a time, to the app and to the no-op app. */
async function clickBoth(
  kind: BenchDatabaseKind,
  slack: FakeSlack,
  app: AppProcess,
  noOp: { baseUrl: string },
): Promise<BenchFigure[]> {
  const clicks = await seedManagerClicks(app, slack, {
    count: MOST_CLICKS,
    prefix: "ACK",
    firstSiret: 700_000,
  });
  const modalsOpened = () => slack.callsTo("views.open", { okOnly: true }).length;
  const figures: BenchFigure[] = [];
  for (const concurrency of CONCURRENCIES) {
    const times = await roundsOfClicks(slack, app, noOp, clicks.slice(0, concurrency));
    figures.push(...concurrencyFigures(kind, concurrency, times));
  }
  // One click at a time, each modal open before the next click: the path to ack() alone, with no
  // other click's work competing for the process.
  const alone = { app: [] as number[], noOp: [] as number[] };
  for (const click of clicks.slice(0, QUICK ? 10 : CONCURRENCIES[0])) {
    const opened = modalsOpened();
    alone.app.push(...(await clickAllAtOnce(app.baseUrl, [click])));
    await waitUntil(async () => modalsOpened() === opened + 1, 60_000);
    alone.noOp.push(...(await clickAllAtOnce(noOp.baseUrl, [click])));
  }
  if (slack.violations.length > 0) throw new Error(`Slack spec violations: ${slack.violations.join("; ")}`);
  console.log(
    `ack: one click at a time, ${DATABASE_LABELS[kind]} — app p50 ${ms(median(alone.app))}, no-op ` +
      `${ms(median(alone.noOp))}`,
  );
  figures.push({
    figure: "ack: p50 of one click at a time, app / no-op Bolt app",
    database: kind,
    value: `${ratio(median(alone.app) / median(alone.noOp))} (${ms(median(alone.app))} / ${ms(median(alone.noOp))})`,
    goal: "",
  });
  return figures;
}

/** The p99 (goal) and p50 of one concurrency's rounds, against the no-op app's. */
function concurrencyFigures(
  kind: BenchDatabaseKind,
  concurrency: number,
  times: { app: number[]; noOp: number[] },
): BenchFigure[] {
  const [p50, p99] = [percentile(times.app, 0.5), percentile(times.app, 0.99)];
  const [baseP50, baseP99] = [percentile(times.noOp, 0.5), percentile(times.noOp, 0.99)];
  console.log(
    `ack: ${concurrency} concurrent signed clicks on "Valider" (opens the decision modal), ` +
      `${DATABASE_LABELS[kind]}, ${ROUNDS} rounds — app p50 ${ms(p50)}, p99 ${ms(p99)}; no-op Bolt app p50 ` +
      `${ms(baseP50)}, p99 ${ms(baseP99)}; p99 ratio ${ratio(p99 / baseP99)} (goal ≤ ${GOAL}x), ` +
      `p50 ratio ${ratio(p50 / baseP50)}`,
  );
  return [
    {
      figure: `ack: p99 at ${concurrency} concurrent clicks, app / no-op Bolt app`,
      database: kind,
      value: `${ratio(p99 / baseP99)} (${ms(p99)} / ${ms(baseP99)})`,
      goal: `≤ ${GOAL}x`,
      met: p99 / baseP99 <= GOAL,
    },
    {
      figure: `ack: p50 at ${concurrency} concurrent clicks, app / no-op Bolt app`,
      database: kind,
      value: `${ratio(p50 / baseP50)} (${ms(p50)} / ${ms(baseP50)})`,
      goal: "",
    },
  ];
}

/**
 * Interaction ack latency: 50, then 200, concurrent signed clicks on a request message's "Valider", to the real
 * app and to a no-op Bolt app on the same machine, alternately, on each database. Each app runs in a
 * process of its own and the clicks come from this one, as Slack's would come from elsewhere: the
 * client's work, and each app's heap and garbage, are charged to neither.
 */
export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds()) figures.push(...(await measure(kind)));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
