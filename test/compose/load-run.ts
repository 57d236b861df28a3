import { execFile, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { API_TOKEN, type ApiResult, callApi, SIGNING_SECRET } from "../support/app-harness.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import { principal, structureBody, validSiret } from "../support/scenario.ts";
import { sendInteraction, viewSubmissionPayload } from "../support/slack-requests.ts";

/**
 * A load run against the compose deployment itself (`compose.yaml`: PostgreSQL, Mailpit, the
 * migrations, two app replicas, Caddy in front), built and started by Docker, driven only from
 * outside: the REST API and signed Slack requests through the proxy on :8080, Slack's Web API played
 * by the fake Slack on this host (rate-limited per channel and per method, as Slack is), the e-mails
 * read back from Mailpit's API on :8025, the database read with psql inside its container.
 *
 * 1,000 attachment requests over 50 structures, each with its channel; each refused through its
 * modal, every fourth submitted twice at once (a double submission). It then checks that nothing
 * was lost or made twice: each request posted once, decided once (one history entry), its message
 * updated to the refusal, one e-mail per requester, the outbox empty, both replicas having decided.
 *
 *   npm run load:compose          (needs a Docker engine and `docker compose` or `docker-compose`)
 *
 * LOAD_REQUESTS and LOAD_STRUCTURES change the size; LOAD_KEEP=1 leaves the deployment running.
 */

const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 1000);
const STRUCTURES = Number(process.env.LOAD_STRUCTURES ?? 50);
const KEEP = process.env.LOAD_KEEP === "1";
const PROJECT = "chorus-load";
const PROXY = "http://127.0.0.1:8080";
const MAILPIT = "http://127.0.0.1:8025";
/** Slack's tiers scaled ×20 on both sides (as in the tests); each channel keeps Slack's real pace. */
const TIER_FACTOR = 20;
const CONCURRENCY = 20;
const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Waits until `done`, looking once a second, for 15 minutes at most. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("the load run did not get there within 15 minutes");
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** `docker compose` (the plugin) where it is installed, the standalone `docker-compose` otherwise. */
const COMPOSE: [string, ...string[]] =
  spawnSync("docker", ["compose", "version"]).status === 0 ? ["docker", "compose"] : ["docker-compose"];

/** Runs a compose command on this run's project; `env` feeds compose.yaml's variables. */
async function compose(files: string[], env: Record<string, string>, args: string[]): Promise<string> {
  const [command, ...prefix] = COMPOSE;
  const fileArgs = files.flatMap((file) => ["-f", file]);
  const { stdout } = await run(command, [...prefix, "-p", PROJECT, ...fileArgs, ...args], {
    cwd: REPOSITORY,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** Runs `work` over `items`, `CONCURRENCY` at a time. */
async function inParallel<T>(items: T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

function api(method: string, path: string, body?: unknown): Promise<ApiResult> {
  return callApi(PROXY, method, path, body);
}

function expectStatus(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: HTTP ${actual}, expected ${expected}`);
}

type MailSummary = { MessageID: string; To: { Address: string }[]; Subject: string };

async function mailpitMessages(): Promise<{ total: number; messages: MailSummary[] }> {
  const response = await fetch(`${MAILPIT}/api/v1/messages?limit=${REQUESTS * 2}`);
  return (await response.json()) as { total: number; messages: MailSummary[] };
}

/** Submits the "Refuser" modal of a request through the proxy; Slack retries what is not answered 200. */
async function submitRefusal(requestId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const answer = await sendInteraction({
      baseUrl: PROXY,
      secret: SIGNING_SECRET,
      ...(attempt > 0 ? { retryNum: attempt, retryReason: "http_error" } : {}),
      payload: viewSubmissionPayload({
        userId: principal.slackId,
        callbackId: CallbackIds.refuseRequestModal,
        privateMetadata: JSON.stringify({ type: "attachment", requestId }),
        values: {
          [BlockIds.reason]: {
            [ActionIds.reasonInput]: { type: "plain_text_input", value: "Campagne close" },
          },
        },
      }),
    });
    if (answer.status === 200) return;
    if (attempt === 3) throw new Error(`refusal of ${requestId}: HTTP ${answer.status} ${answer.text}`);
  }
}

async function main(): Promise<void> {
  const slack: FakeSlack = await startFakeSlack({
    rateLimitPerChannel: true,
    rateLimitPerMethod: { factor: TIER_FACTOR },
    listenOn: { address: "0.0.0.0", advertisedHost: "host.docker.internal" },
  });
  slack.addUser({ id: principal.slackId, email: principal.email, realName: "Paule Principale" });
  // What this run adds to compose.yaml: the fake Slack on this host, its pace, no scheduled digest.
  const override = join(tmpdir(), `${PROJECT}.override.yaml`);
  await writeFile(
    override,
    JSON.stringify({
      services: {
        app: {
          environment: {
            SLACK_API_URL: slack.apiUrl,
            SLACK_TIER_RATE_FACTOR: String(TIER_FACTOR),
            DIGEST_CRON: "off",
            REMINDER_CRON: "off",
          },
          extra_hosts: ["host.docker.internal:host-gateway"],
        },
      },
    }),
  );
  const files = ["compose.yaml", override];
  const secrets = {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    API_TOKENS: API_TOKEN,
  };
  const deployment = (args: string[]) => compose(files, secrets, args);
  let postgres = "";
  const psql = async (sql: string) =>
    (await run("docker", ["exec", postgres, "psql", "-U", "chorus", "-d", "chorus", "-At", "-c", sql])).stdout
      .trim()
      .split("\n")
      .filter(Boolean);
  const count = async (sql: string) => Number((await psql(sql))[0]);
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  try {
    console.log(`Building and starting ${COMPOSE.join(" ")} -p ${PROJECT} (fake Slack on ${slack.apiUrl})…`);
    await deployment(["up", "-d", "--build"]);
    await until(async () => (await fetch(`${PROXY}/healthz`).catch(() => null))?.ok === true);
    postgres = (await deployment(["ps", "-q", "postgres"])).trim();
    const replicas = (await deployment(["ps", "-q", "app"])).trim().split("\n").filter(Boolean);
    if (replicas.length < 2) throw new Error(`expected 2 app replicas, found ${replicas.length}`);
    console.log(`${seconds()}: up, ${replicas.length} app replicas behind the proxy`);

    const channels = Array.from(
      { length: STRUCTURES },
      (_, index) => `CLOAD${String(index).padStart(5, "0")}`,
    );
    await inParallel(channels, async (channel, index) => {
      const body = structureBody(validSiret(8_300_000 + index), `Commune ${index}`, channel);
      expectStatus(`structure ${index}`, (await api("POST", "/api/v1/structures", body)).status, 201);
    });
    const requestIds: string[] = new Array(REQUESTS);
    await inParallel([...requestIds.keys()], async (index) => {
      const email = `demandeur.${index}@exemple.fr`;
      const user = await api("POST", "/api/v1/users", {
        loginEmail: email,
        firstName: "Demandeur",
        lastName: `Numéro ${index}`,
      });
      expectStatus(`user ${index}`, user.status, 201);
      const request = await api("POST", "/api/v1/attachment-requests", {
        structureIdentifier: validSiret(8_300_000 + (index % STRUCTURES)),
        userLoginEmail: email,
      });
      expectStatus(`request ${index}`, request.status, 201);
      requestIds[index] = request.json.id;
    });
    console.log(`${seconds()}: ${REQUESTS} requests filed over ${STRUCTURES} structures`);

    // Polled in the database once a second: the fake Slack answers the replicas from this process.
    await until(async () => (await count(`SELECT count(*) FROM "RequestMessage"`)) === REQUESTS);
    console.log(
      `${seconds()}: every request posted in its channel (${slack.rateLimited} 429s from Slack so far)`,
    );

    // Every fourth one submitted twice at once, as a double click on "Refuser" would.
    await inParallel(requestIds, async (requestId, index) => {
      await Promise.all(
        index % 4 === 0 ? [submitRefusal(requestId), submitRefusal(requestId)] : [submitRefusal(requestId)],
      );
    });
    console.log(`${seconds()}: ${REQUESTS} refusals submitted (${REQUESTS / 4} of them twice)`);

    await until(async () => (await mailpitMessages()).total >= REQUESTS);
    await until(
      async () => (await count(`SELECT count(*) FROM "OutboxMessage" WHERE status = 'PENDING'`)) === 0,
    );
    // A last look once the other replica's deliveries in progress are over too.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    console.log(`${seconds()}: outbox empty`);

    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
      if (!ok) failures.push(what);
    };
    const refused = await count(`SELECT count(*) FROM "AttachmentRequest" WHERE status = 'REFUSED'`);
    check(refused === REQUESTS, `${refused}/${REQUESTS} requests refused`);
    const history = await psql(
      `SELECT count(*) FROM "HistoryEntry" WHERE action = 'ATTACHMENT_REFUSED' GROUP BY "attachmentRequestId"`,
    );
    check(
      history.length === REQUESTS && history.every((count) => count === "1"),
      `one refusal in the history per request (${history.length} requests have one, ${history.filter((count) => count !== "1").length} more than one)`,
    );
    const undelivered = await count(`SELECT count(*) FROM "OutboxMessage" WHERE status <> 'DONE'`);
    check(undelivered === 0, `${undelivered} outbox deliveries not done`);

    // The request ids each post names (in its buttons' values), in one pass over the posts.
    const postsPerRequest = new Map<string, number>();
    for (const args of slack.callsTo("chat.postMessage", { okOnly: true })) {
      for (const id of new Set(JSON.stringify(args.blocks).match(UUID))) {
        postsPerRequest.set(id, (postsPerRequest.get(id) ?? 0) + 1);
      }
    }
    const posted = requestIds.map((id) => postsPerRequest.get(id) ?? 0);
    check(
      posted.every((count) => count === 1),
      `each request posted once (${posted.filter((count) => count > 1).length} posted more than once)`,
    );
    const messages = await psql(`SELECT "channelId" || ' ' || ts FROM "RequestMessage"`);
    const refusedMessages = messages.filter((key) => {
      const [channel, ts] = key.split(" ") as [string, string];
      return JSON.stringify(slack.message(channel, ts)?.blocks).includes("Refusée par");
    });
    check(
      refusedMessages.length === REQUESTS,
      `${refusedMessages.length}/${REQUESTS} messages show the refusal`,
    );
    const updates = slack.callsTo("chat.update", { okOnly: true }).length;
    check(updates === REQUESTS, `${updates} chat.update calls for ${REQUESTS} messages`);
    check(slack.violations.length === 0, `${slack.violations.length} calls breaking Slack's spec`);

    const mail = await mailpitMessages();
    const recipients = new Set(mail.messages.flatMap((message) => message.To.map((to) => to.Address)));
    const messageIds = new Set(mail.messages.map((message) => message.MessageID));
    check(mail.total === REQUESTS, `${mail.total} e-mails for ${REQUESTS} refusals`);
    check(
      recipients.size === REQUESTS && messageIds.size === REQUESTS,
      `${recipients.size} requesters e-mailed, ${messageIds.size} distinct Message-IDs`,
    );

    const decisions = await Promise.all(
      replicas.map(async (id) => {
        const { stdout } = await run("docker", [
          "exec",
          id,
          "node",
          "-e",
          'fetch("http://127.0.0.1:3000/metrics").then((r) => r.text()).then((t) => process.stdout.write(t))',
        ]);
        return stdout
          .split("\n")
          .filter((line) => line.startsWith("chorus_decisions_total"))
          .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
      }),
    );
    check(
      decisions.every((count) => count > 0),
      `both replicas decided: ${decisions.join(" + ")} decisions (double submissions answered "déjà traitée" do not count)`,
    );
    console.log(`${seconds()}: ${slack.rateLimited} Slack 429s honoured in all`);
    if (failures.length > 0) throw new Error(`${failures.length} check(s) failed`);
    console.log("Load run passed: no duplicate, no loss.");
  } finally {
    if (!KEEP) await deployment(["down", "-v"]).catch((error) => console.error(String(error)));
    await slack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
