import { pathToFileURL } from "node:url";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startRuntime } from "../src/runtime.ts";
import { createAttachmentRequest } from "../src/services/create-attachment-request.ts";
import { createStructure } from "../src/services/create-structure.ts";
import { createUser } from "../src/services/create-user.ts";
import { runBulkDecision } from "../src/services/run-bulk-decision.ts";
import { startBulkRun } from "../src/services/start-bulk-run.ts";
import { openTestDatabase } from "../test/support/db.ts";
import { startFakeSlack } from "../test/support/fake-slack.ts";
import { validSiret } from "../test/support/scenario.ts";
import { startSmtpSink } from "../test/support/smtp-sink.ts";

const REQUESTS = 500;
const CHANNELS = 25;

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("bench timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A bulk validation of 500 requests spread over 25 structures, each with its channel, against the
 * fake Slack Web API with its rate limit on (1 message/s per channel, 429 beyond): the real app, its
 * outbox and its pacer, on the embedded database. Reports the decision time, the time until every
 * message is updated, the Slack calls and 429s, and the updates lost (messages still showing buttons).
 */
export async function run(): Promise<void> {
  const [slack, smtp, database] = await Promise.all([
    startFakeSlack({ rateLimitPerChannel: true }),
    startSmtpSink(),
    openTestDatabase("embedded"),
  ]);
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: "bench-signing-secret",
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    SMTP_URL: smtp.url,
    LOG_LEVEL: "silent",
    OUTBOX_POLL_MS: "50",
    DIGEST_CRON: "off",
    REMINDER_CRON: "off",
  });
  const runtime = await startRuntime(config, { database, logger: createLogger("silent") });
  const { ctx } = runtime;
  try {
    slack.addUser({ id: "UBENCHMGR1", email: "manager@banc.test" });
    for (let channel = 0; channel < CHANNELS; channel++) {
      await createStructure(ctx, {
        identifier: validSiret(900_000 + channel),
        identifierType: "SIRET",
        designation: `Commune nº ${channel}`,
        kind: "PUBLIQUE",
        services: [],
        principalManager: { loginEmail: "manager@banc.test", firstName: "Gestion", lastName: "Banc" },
        slackChannelId: `CBULK${String(channel).padStart(5, "0")}`,
      });
    }
    const selection: { type: "attachment"; id: string }[] = [];
    for (let index = 0; index < REQUESTS; index++) {
      const email = `demandeur.${index}@banc.test`;
      await createUser(ctx, { loginEmail: email, firstName: "Jeanne", lastName: `Nº ${index}` });
      const request = await createAttachmentRequest(ctx, {
        structureIdentifier: validSiret(900_000 + (index % CHANNELS)),
        userLoginEmail: email,
        serviceCodes: [],
        comment: null,
      });
      selection.push({ type: "attachment", id: request.id });
    }
    await waitUntil(async () => (await database.prisma.requestMessage.count()) === REQUESTS, 300_000);
    slack.reset();

    const manager = await database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: "manager@banc.test" },
    });
    const actor = { accountId: manager.id, name: "Gestion Banc", slackUserId: "UBENCHMGR1" };
    const start = performance.now();
    const runId = await startBulkRun(ctx, actor, {
      teamId: slack.teamId,
      action: "VALIDATE",
      reason: null,
      selection,
    });
    await runBulkDecision(ctx, runId);
    const decidedMs = performance.now() - start;
    await waitUntil(
      async () => (await database.prisma.outboxMessage.count({ where: { status: "PENDING" } })) === 0,
      600_000,
    );
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
      `bulk: ${REQUESTS} requests over ${CHANNELS} channels, embedded database, fake Slack at 1 message/s per channel — ` +
        `decisions recorded ${decided}/${REQUESTS} in ${(decidedMs / 1000).toFixed(1)} s, every message updated after ` +
        `${(wallMs / 1000).toFixed(1)} s; Slack calls ${slack.calls.length} (chat.update ${updates}), 429s ${slack.rateLimited}, ` +
        `lost updates ${lost}, e-mails ${smtp.messages.length}, violations ${slack.violations.length}; outbox ` +
        deliveries.map((row) => `${row.kind} ${row._count._all}`).join(", "),
    );
  } finally {
    await runtime.stop();
    await Promise.all([slack.close(), smtp.close(), database.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
