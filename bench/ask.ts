import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { CallbackIds } from "../src/slack/ids.ts";
import { SIGNING_SECRET } from "../test/support/app-harness.ts";
import type { AppProcess } from "../test/support/app-process.ts";
import { type FakeSlack, startFakeSlack } from "../test/support/fake-slack/index.ts";
import { validSiret } from "../test/support/scenario.ts";
import { sendInteraction, viewSubmissionPayload } from "../test/support/slack-requests.ts";
import { waitUntil } from "./support/app.ts";
import { withAppProcess } from "./support/app-process.ts";
import { type BenchDatabaseKind, benchDatabaseKinds, DATABASE_LABELS } from "./support/databases.ts";
import { type BenchFigure, ms, percentile, QUICK } from "./support/results.ts";

/** Requests of each path measured, one after the other. */
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 20));
const GOAL_MS = 2000;
const CHANNEL = "CASKBENCH1";
/** Between two requests: longer than the app's pace of one message a second per channel, so none waits for another. */
const GAP_MS = 1200;

/** The time from `send` to the fake Slack receiving the request's message in the structure's channel. */
async function timeToChannel(
  slack: FakeSlack,
  requesterName: string,
  send: () => Promise<void>,
): Promise<number> {
  const sentAt = Date.now();
  await send();
  const posted = () =>
    slack.calls.find(
      (call) =>
        call.method === "chat.postMessage" &&
        call.args.channel === CHANNEL &&
        String(call.args.text).includes(requesterName),
    );
  await waitUntil(async () => posted() !== undefined, 30_000);
  return (posted()?.receivedAt ?? sentAt) - sentAt;
}

async function measure(kind: BenchDatabaseKind): Promise<BenchFigure[]> {
  const slack = await startFakeSlack();
  try {
    return await withAppProcess(kind, slack, async (app: AppProcess) => {
      const identifier = validSiret(920_001);
      const created = await app.api("POST", "/api/v1/structures", {
        identifier,
        designation: "Mairie du banc d'essai",
        kind: "PUBLIQUE",
        services: [],
        principalManager: { loginEmail: "gestion.banc@exemple.fr", firstName: "Gestion", lastName: "Banc" },
        slackChannelId: CHANNEL,
      });
      if (created.status !== 201) throw new Error(`structure not created: ${JSON.stringify(created.json)}`);
      const api: number[] = [];
      const fromSlack: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Through the API: an account the back office knows.
        const viaApi = { loginEmail: `api.${run}@exemple.fr`, firstName: "Api", lastName: `Demandeur${run}` };
        const user = await app.api("POST", "/api/v1/users", viaApi);
        if (user.status !== 201) throw new Error(`user not created: ${JSON.stringify(user.json)}`);
        api.push(
          await timeToChannel(slack, `${viaApi.firstName} ${viaApi.lastName}`, async () => {
            const answer = await app.api("POST", "/api/v1/attachment-requests", {
              structureIdentifier: identifier,
              userLoginEmail: viaApi.loginEmail,
            });
            if (answer.status !== 201) throw new Error(`request refused: ${JSON.stringify(answer.json)}`);
          }),
        );
        await sleep(GAP_MS);
        // From Slack: someone Chorus Pro does not know yet, who gives their names (the longest path).
        const slackUserId = `UASKB${String(run).padStart(5, "0")}`;
        const newcomer = { firstName: "Slack", lastName: `Demandeur${run}` };
        slack.addUser({ id: slackUserId, email: `slack.${run}@exemple.fr`, realName: "Slack Demandeur" });
        fromSlack.push(
          await timeToChannel(slack, `${newcomer.firstName} ${newcomer.lastName}`, async () => {
            const field = (action: string, value: string) => ({
              [`${action}_block`]: { [action]: { type: "plain_text_input", value } },
            });
            const answer = await sendInteraction({
              baseUrl: app.baseUrl,
              secret: SIGNING_SECRET,
              payload: viewSubmissionPayload({
                userId: slackUserId,
                callbackId: CallbackIds.askJoinModal,
                privateMetadata: JSON.stringify({ identifier }),
                values: {
                  ...field("ask_last_name", newcomer.lastName),
                  ...field("ask_first_name", newcomer.firstName),
                } as never,
              }),
            });
            if (answer.status !== 200) throw new Error(`submission answered HTTP ${answer.status}`);
          }),
        );
        await sleep(GAP_MS);
      }
      if (slack.violations.length > 0)
        throw new Error(`Slack spec violations: ${slack.violations.join("; ")}`);
      const line = (times: number[]) =>
        `median ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}, max ${ms(Math.max(...times))}`;
      console.log(`ask: ${DATABASE_LABELS[kind]} — API ${line(api)}; from Slack ${line(fromSlack)}`);
      const worst = Math.max(...fromSlack);
      return [
        {
          figure: `ask: a request asked from Slack (new account) reaches the managers' channel, ${RUNS} requests`,
          database: kind,
          value: line(fromSlack),
          goal: "< 2 s each",
          met: worst < GOAL_MS,
        },
        {
          figure: `ask: the same through the REST API, side by side, ${RUNS} requests`,
          database: kind,
          value: line(api),
          goal: "",
        },
      ];
    });
  } finally {
    await slack.close();
  }
}

/**
 * A request asked from Slack (the « Demande de rattachement » modal submitted, signed as Slack signs
 * it, by someone with no account yet: the account is created too) against one created through the
 * REST API: from sending it to the fake Slack receiving its message in the structure's channel, with
 * the app in a process of its own at the fake's Slack rate, on each database.
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
