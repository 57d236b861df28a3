import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import type { Database } from "../src/db/database.ts";
import { createAttachmentRequest } from "../src/services/create-attachment-request.ts";
import { createStructure } from "../src/services/create-structure.ts";
import { createUser } from "../src/services/create-user.ts";
import { ActionIds } from "../src/slack/ids.ts";
import type { FakeSlack } from "../test/support/fake-slack.ts";
import { validSiret } from "../test/support/scenario.ts";
import { blockActionsPayload, signSlackBody } from "../test/support/slack-requests.ts";
import { BENCH_SIGNING_SECRET, startBenchApp, waitUntil } from "./support/app.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withBenchDatabase,
} from "./support/databases.ts";
import { type BenchFigure, median, ms, percentile, QUICK, ratio } from "./support/results.ts";

/** 50 managers click "Valider" at the same moment, each on a request of their own structure. */
const CONCURRENT_CLICKS = 50;
const ROUNDS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 20));
const GOAL = 1.3;

/** One click: the manager, and the request message whose "Valider" they press. */
interface Click {
  slackUserId: string;
  requestId: string;
  channelId: string;
  messageTs: string;
}

/**
 * 50 structures, each with its channel and its principal manager (a user of the fake Slack workspace),
 * each with one pending attachment request whose message is posted in the channel.
 */
async function seed(database: Database, app: Awaited<ReturnType<typeof startBenchApp>>): Promise<Click[]> {
  const { ctx } = app.runtime;
  const clicks: Click[] = [];
  for (let index = 0; index < CONCURRENT_CLICKS; index++) {
    const slackUserId = `UACKMGR${String(index).padStart(3, "0")}`;
    const managerEmail = `gestionnaire.${index}@banc.test`;
    const requesterEmail = `demandeur.${index}@banc.test`;
    const identifier = validSiret(700_000 + index);
    const channelId = `CACK${String(index).padStart(6, "0")}`;
    app.slack.addUser({ id: slackUserId, email: managerEmail, realName: `Gestion Nº ${index}` });
    await createStructure(ctx, {
      identifier,
      identifierType: "SIRET",
      designation: `Commune nº ${index}`,
      kind: "PUBLIQUE",
      services: [],
      principalManager: { loginEmail: managerEmail, firstName: "Gestion", lastName: `Nº ${index}` },
      slackChannelId: channelId,
    });
    await createUser(ctx, { loginEmail: requesterEmail, firstName: "Jeanne", lastName: `Nº ${index}` });
    const request = await createAttachmentRequest(ctx, {
      structureIdentifier: identifier,
      userLoginEmail: requesterEmail,
      serviceCodes: [],
      comment: null,
    });
    clicks.push({ slackUserId, requestId: request.id, channelId, messageTs: "" });
  }
  await waitUntil(async () => (await database.prisma.requestMessage.count()) === CONCURRENT_CLICKS, 120_000);
  const messages = await database.prisma.requestMessage.findMany();
  return clicks.map((click) => {
    const message = messages.find((candidate) => candidate.attachmentRequestId === click.requestId);
    if (!message) throw new Error(`no message for request ${click.requestId}`);
    return { ...click, messageTs: message.ts };
  });
}

/** The baseline: a Bolt app of the same version and receiver, whose only listener acks. */
async function startNoOpApp(slack: FakeSlack): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: BENCH_SIGNING_SECRET, endpoints: "/slack/events" });
  const app = new App({
    token: slack.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  app.action(ActionIds.validateAttachmentRequest, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await app.stop();
    },
  };
}

/**
 * The 50 clicks at once over HTTP, signed as Slack signs them (bodies built and signed beforehand, so
 * that only the requests are timed): each click's time until its HTTP answer, which is Bolt's ack.
 */
async function clickAllAtOnce(baseUrl: string, clicks: Click[]): Promise<number[]> {
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
      ...signSlackBody(BENCH_SIGNING_SECRET, body),
    };
    return { body, headers };
  });
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
  return withBenchDatabase(kind, async (database) => {
    const app = await startBenchApp(database);
    const noOp = await startNoOpApp(app.slack);
    try {
      const clicks = await seed(database, app);
      const modalsOpened = () => app.slack.callsTo("views.open", { okOnly: true }).length;
      const times = { app: [] as number[], noOp: [] as number[] };
      // One warm-up round each (Bolt's auth.test, identities cached, query plans), then alternately.
      for (let round = 0; round <= ROUNDS; round++) {
        const opened = modalsOpened();
        const appTimes = await clickAllAtOnce(app.baseUrl, clicks);
        // The modals open after the ack: let the app finish before the baseline's turn.
        await waitUntil(async () => modalsOpened() === opened + CONCURRENT_CLICKS, 60_000);
        const noOpTimes = await clickAllAtOnce(noOp.baseUrl, clicks);
        if (round === 0) continue;
        times.app.push(...appTimes);
        times.noOp.push(...noOpTimes);
      }
      // One click at a time, each modal open before the next click: the path to ack() alone, with no
      // other click's work competing for the process.
      const alone = { app: [] as number[], noOp: [] as number[] };
      for (const click of clicks.slice(0, QUICK ? 10 : CONCURRENT_CLICKS)) {
        const opened = modalsOpened();
        alone.app.push(...(await clickAllAtOnce(app.baseUrl, [click])));
        await waitUntil(async () => modalsOpened() === opened + 1, 60_000);
        alone.noOp.push(...(await clickAllAtOnce(noOp.baseUrl, [click])));
      }
      if (app.slack.violations.length > 0)
        throw new Error(`Slack spec violations: ${app.slack.violations.join("; ")}`);
      const [p50, p99] = [percentile(times.app, 0.5), percentile(times.app, 0.99)];
      const [baseP50, baseP99] = [percentile(times.noOp, 0.5), percentile(times.noOp, 0.99)];
      console.log(
        `ack: ${CONCURRENT_CLICKS} concurrent signed clicks on "Valider" (opens the decision modal), ` +
          `${DATABASE_LABELS[kind]}, ${ROUNDS} rounds — app p50 ${ms(p50)}, p99 ${ms(p99)}; no-op Bolt app p50 ` +
          `${ms(baseP50)}, p99 ${ms(baseP99)}; p99 ratio ${ratio(p99 / baseP99)} (goal ≤ ${GOAL}x), ` +
          `p50 ratio ${ratio(p50 / baseP50)}; one click at a time: app p50 ${ms(median(alone.app))}, no-op ` +
          `${ms(median(alone.noOp))}`,
      );
      return [
        {
          figure: `ack: p99 at ${CONCURRENT_CLICKS} concurrent clicks, app / no-op Bolt app`,
          database: kind,
          value: `${ratio(p99 / baseP99)} (${ms(p99)} / ${ms(baseP99)})`,
          goal: `≤ ${GOAL}x`,
          met: p99 / baseP99 <= GOAL,
        },
        {
          figure: `ack: p50 at ${CONCURRENT_CLICKS} concurrent clicks, app / no-op Bolt app`,
          database: kind,
          value: `${ratio(p50 / baseP50)} (${ms(p50)} / ${ms(baseP50)})`,
          goal: "",
        },
        {
          figure: "ack: p50 of one click at a time, app / no-op Bolt app",
          database: kind,
          value: `${ratio(median(alone.app) / median(alone.noOp))} (${ms(median(alone.app))} / ${ms(median(alone.noOp))})`,
          goal: "",
        },
      ];
    } finally {
      await noOp.stop();
      await app.close();
    }
  });
}

/**
 * Interaction ack latency: 50 concurrent signed clicks on a request message's "Valider", to the real
 * app and to a no-op Bolt app on the same machine, alternately, on each database.
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
