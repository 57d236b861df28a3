import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { ActionIds } from "../src/slack/ids.ts";
import { SIGNING_SECRET } from "../test/support/app-harness.ts";
import type { AppProcess } from "../test/support/app-process.ts";
import { type FakeSlack, startFakeSlack } from "../test/support/fake-slack/index.ts";
import { blockActionsPayload, newTriggerId, signSlackBody } from "../test/support/slack-requests.ts";
import { waitUntil } from "./support/app.ts";
import { type ManagerClick, seedManagerClicks, withAppProcess } from "./support/app-process.ts";
import { type BenchDatabaseKind, benchDatabaseKinds, DATABASE_LABELS } from "./support/databases.ts";
import { type BenchFigure, ms, percentile, QUICK } from "./support/results.ts";

/** 200 managers click "Valider" at the same moment, each on a request of their own structure. */
const CLICKS = Number(process.env.BENCH_BURST_CLICKS ?? 200);
/** Bursts after the first one (whose clicks all ask Slack for the clicker's profile: users.info). */
const ROUNDS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 4));
/** Slack's trigger_id lives 3 s; the goal leaves half a second for the network to Slack and back. */
const GOAL_MS = 2500;
/** The app and its server settle between bursts (the previous burst's last modals, the pool's sessions). */
const SETTLE_MS = 3000;

/** What became of one click: when its modal reached Slack, or the app's message that it could not. */
interface Outcome {
  /** From sending the click to the fake Slack receiving its views.open; undefined when none came. */
  modalMs?: number;
  /** The app told the clicker (ephemeral message) that the modal could not open in time. */
  toldLate: boolean;
}

/**
 * One burst: every click at once over HTTP, signed as Slack signs them (bodies built and signed
 * beforehand), each with a trigger_id of its own; then, for each click, the time from its sending to
 * the fake Slack receiving the views.open of its trigger_id (the clock of this process on both ends),
 * or the ephemeral message telling the clicker that the modal could not open in time.
 */
async function burst(app: AppProcess, slack: FakeSlack, clicks: ManagerClick[]): Promise<Outcome[]> {
  const requests = clicks.map((click) => {
    const triggerId = newTriggerId();
    const payload = blockActionsPayload({
      userId: click.slackUserId,
      actionId: ActionIds.validateAttachmentRequest,
      value: click.requestId,
      buttonText: "Valider",
      channelId: click.channelId,
      messageTs: click.messageTs,
      triggerId,
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const headers = {
      "Content-Type": "application/x-www-form-urlencoded",
      ...signSlackBody(SIGNING_SECRET, body),
    };
    return { click, triggerId, body, headers, sentAt: 0 };
  });
  slack.reset();
  const ephemeralsBefore = slack.ephemerals.length;
  await Promise.all(
    requests.map(async (request) => {
      request.sentAt = Date.now();
      const response = await fetch(`${app.baseUrl}/slack/events`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
      });
      await response.text();
      if (response.status !== 200) throw new Error(`a click was answered with HTTP ${response.status}`);
    }),
  );
  const told = () => new Set(slack.ephemerals.slice(ephemeralsBefore).map((ephemeral) => ephemeral.channel));
  const opened = () =>
    new Map(
      slack.calls
        .filter((call) => call.method === "views.open")
        .map((call) => [String(call.args.trigger_id), call.receivedAt]),
    );
  // Every click gets its modal or the message, however late: the fake Slack lets every trigger through.
  await waitUntil(async () => opened().size + told().size >= clicks.length, 120_000);
  if (slack.violations.length > 0) throw new Error(`Slack spec violations: ${slack.violations.join("; ")}`);
  const [modals, late] = [opened(), told()];
  return requests.map(({ click, triggerId, sentAt }) => {
    const receivedAt = modals.get(triggerId);
    return {
      ...(receivedAt === undefined ? {} : { modalMs: receivedAt - sentAt }),
      toldLate: late.has(click.channelId),
    };
  });
}

/** "200/200 within 2.5 s (p50 …, p99 …, max …)" over `outcomes`. */
function summary(outcomes: Outcome[]): { text: string; within: number } {
  const times = outcomes.flatMap((outcome) => (outcome.modalMs === undefined ? [] : [outcome.modalMs]));
  const within = times.filter((time) => time <= GOAL_MS).length;
  const told = outcomes.filter((outcome) => outcome.toldLate).length;
  const spread = times.length
    ? `p50 ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))}, max ${ms(Math.max(...times))}`
    : "no modal";
  const tail = told > 0 ? `; ${told} told to click again` : "";
  return { text: `${within}/${outcomes.length} within ${GOAL_MS / 1000} s (${spread}${tail})`, within };
}

async function measure(kind: BenchDatabaseKind): Promise<BenchFigure[]> {
  const slack = await startFakeSlack();
  try {
    return await withAppProcess(kind, slack, async (app) => {
      const clicks = await seedManagerClicks(app, slack, {
        count: CLICKS,
        prefix: "BURST",
        firstSiret: 800_000,
      });
      const rounds: Outcome[][] = [];
      // Round 0 is the managers' first click: each one's Slack profile is asked (users.info) and cached.
      for (let round = 0; round <= ROUNDS; round++) {
        await sleep(SETTLE_MS);
        const outcomes = await burst(app, slack, clicks);
        rounds.push(outcomes);
        console.log(
          `burst: ${DATABASE_LABELS[kind]}, round ${round}${round === 0 ? " (first clicks: users.info)" : ""} — ${summary(outcomes).text}`,
        );
      }
      const [first = [], ...later] = rounds;
      const firstSummary = summary(first);
      const laterSummary = summary(later.flat());
      const worstLater = Math.min(...later.map((outcomes) => summary(outcomes).within));
      console.log(
        `burst: ${CLICKS} simultaneous signed clicks on "Valider", ${DATABASE_LABELS[kind]} — first burst ` +
          `${firstSummary.text}; ${later.length} later bursts ${laterSummary.text}, worst burst ${worstLater}/${CLICKS}`,
      );
      return [
        {
          figure: `burst: modals within 2.5 s of ${CLICKS} simultaneous clicks, first burst (users.info each)`,
          database: kind,
          value: firstSummary.text,
          goal: `${CLICKS}/${CLICKS}`,
          met: firstSummary.within === CLICKS,
        },
        {
          figure: `burst: modals within 2.5 s of ${CLICKS} simultaneous clicks, ${ROUNDS} later bursts (identities cached)`,
          database: kind,
          value: `${laterSummary.text}; worst burst ${worstLater}/${CLICKS}`,
          goal: `${CLICKS}/${CLICKS} each`,
          met: worstLater === CLICKS,
        },
      ];
    });
  } finally {
    await slack.close();
  }
}

/**
 * Burst of clicks: 200 managers click "Valider" on a request message at the same moment; the modal
 * must reach Slack within 3 s of each click, or its trigger_id is dead. Measured end to end: from
 * this process sending each click to the fake Slack (in this process too) receiving its views.open,
 * with the app in a process of its own, on each database.
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
