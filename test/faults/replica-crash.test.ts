import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { runBulkDecision } from "../../src/services/requests/run-bulk-decision.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { type AppProcess, killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import {
  fileRequest,
  principal,
  seedStructure,
  startPrincipalBulkRun,
  structureBody,
  validSiret,
} from "../support/scenario.ts";
import {
  sendInteraction,
  sendSlashCommand,
  slackOption,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";
import { eventually } from "../support/wait.ts";

const STRUCTURES = 20;
const REQUESTS_PER_STRUCTURE = 10;
const REQUESTS = STRUCTURES * REQUESTS_PER_STRUCTURE;
/** The replicas started after the crash look for stale bulk runs every second. */
const RECOVERY_EVERY_SECOND = { BULK_RECOVERY_CRON: "* * * * * *" };

/** Runs `task` over `items`, a few at a time (the app process is on the same two cores). */
async function inParallel<T>(items: T[], task: (item: T) => Promise<void>, lanes = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let item = items[next++]; item !== undefined; item = items[next++]) await task(item);
    }),
  );
}

/**
 * Through the REST API of `app`: STRUCTURES structures, each with its own channel and `principal` as
 * principal manager, and REQUESTS_PER_STRUCTURE new requesters filing an attachment request to each.
 * One channel per structure keeps Slack's pace of one message a second per channel from dominating.
 */
async function seedRequests(app: AppProcess, slack: FakeSlack): Promise<void> {
  slack.addUser({
    id: principal.slackId,
    email: principal.email,
    realName: `${principal.firstName} ${principal.lastName}`,
  });
  const structures = Array.from({ length: STRUCTURES }, (_, index) => index);
  await inParallel(
    structures,
    async (index) => {
      const created = await app.api(
        "POST",
        "/api/v1/structures",
        structureBody(
          validSiret(8_100_000 + index),
          `Commune ${index}`,
          `CCRASH${String(index).padStart(4, "0")}`,
        ),
      );
      expect(created.status).toBe(201);
    },
    1,
  );
  const requests = Array.from({ length: REQUESTS }, (_, index) => index);
  await inParallel(requests, async (index) => {
    const email = `demandeur.${index}@exemple.fr`;
    const user = await app.api("POST", "/api/v1/users", {
      loginEmail: email,
      firstName: "Demandeur",
      lastName: `Numéro ${index}`,
    });
    expect(user.status).toBe(201);
    const request = await app.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: validSiret(8_100_000 + (index % STRUCTURES)),
      userLoginEmail: email,
    });
    expect(request.status).toBe(201);
  });
}

/** "/chorus demandes", then "toutes les demandes filtrées" and "Valider la sélection" in the list modal. */
async function startBulkValidation(app: AppProcess, slack: FakeSlack): Promise<void> {
  const command = await sendSlashCommand({
    baseUrl: app.baseUrl,
    secret: SIGNING_SECRET,
    userId: principal.slackId,
    text: "demandes",
    channelId: "CLIST00001",
    responseUrl: slack.responseUrl(),
  });
  expect(command.status).toBe(200);
  await slack.waitFor((calls) => calls.some((call) => call.method === "views.open" && call.ok), 20_000);
  const list = slack.callsTo("views.open", { okOnly: true }).at(-1)?.view as { private_metadata: string };
  const submitted = await sendInteraction({
    baseUrl: app.baseUrl,
    secret: SIGNING_SECRET,
    checkResponseWith: slack,
    payload: viewSubmissionPayload({
      userId: principal.slackId,
      callbackId: CallbackIds.pendingListModal,
      privateMetadata: list.private_metadata,
      values: {
        [BlockIds.pendingSelectAll]: {
          [ActionIds.pendingSelectAll]: { type: "checkboxes", selected_options: [slackOption("all")] },
        },
        [BlockIds.bulkAction]: {
          [ActionIds.bulkAction]: { type: "radio_buttons", selected_option: slackOption("VALIDATE") },
        },
      },
    }),
  });
  expect((submitted.json as { response_action?: string }).response_action).toBe("update");
}

/**
 * What two minutes after the crash would do, without waiting for them: the dead process's lease on
 * the bulk run and its claims on outbox rows expire. Only the dead process held any.
 */
async function expireDeadProcessLeases(database: Database): Promise<void> {
  const past = new Date(Date.now() - 1000);
  await database.prisma.bulkRun.updateMany({ where: { status: "RUNNING" }, data: { leaseUntil: past } });
  await database.prisma.outboxMessage.updateMany({
    where: { status: "PENDING", lockedUntil: { not: null } },
    data: { lockedUntil: past },
  });
}

/** How many of the run's items were decided (committed) when the process died. */
async function decidedItems(database: Database): Promise<number> {
  return database.prisma.bulkRunItem.count({ where: { outcome: { not: null } } });
}

/** The summary DM of the bulk validation, as many times as Slack received it. */
function summaries(slack: FakeSlack) {
  return slack
    .callsTo("chat.postMessage", { okOnly: true })
    .filter((args) => String(args.text).startsWith("Validation de la sélection"));
}

/** The recovered work is over: summary posted, every requester's e-mail in, nothing left to deliver. */
async function waitForRecovery(app: AppProcess, slack: FakeSlack, smtp: SmtpSink): Promise<void> {
  try {
    await eventually(async () => summaries(slack).length > 0, 240_000);
    await smtp.waitForMessages(REQUESTS, 60_000);
    await eventually(async () => {
      const health = await app.api("GET", "/healthz");
      return health.json?.outbox?.pending === 0;
    }, 120_000);
  } catch (error) {
    // What the replica was doing says more than the timeout.
    const tail = app.logs.slice(-15).map((line) => JSON.stringify(line));
    throw new Error(`${(error as Error).message}; the replica's last log lines:\n${tail.join("\n")}`);
  }
}

/** Everything the crash must not have broken, read from the database, the fake Slack and the SMTP sink. */
async function expectDecidedExactlyOnce(database: Database, slack: FakeSlack, smtp: SmtpSink): Promise<void> {
  const { prisma } = database;
  const run = await prisma.bulkRun.findFirstOrThrow();
  expect(run.status).toBe("DONE");
  const items = await prisma.bulkRunItem.groupBy({ by: ["outcome"], _count: true });
  expect(items).toEqual([{ outcome: "DONE", _count: REQUESTS }]);
  expect(await prisma.attachmentRequest.count({ where: { status: "VALIDATED" } })).toBe(REQUESTS);
  const history = await prisma.historyEntry.groupBy({
    by: ["attachmentRequestId"],
    where: { action: "ATTACHMENT_VALIDATED" },
    _count: true,
  });
  expect(history).toHaveLength(REQUESTS);
  expect(history.every((entry) => entry._count === 1)).toBe(true);
  const granted = await prisma.attachment.groupBy({
    by: ["userId"],
    where: { role: "SIMPLE_USER", status: "VALIDATED" },
    _count: true,
  });
  expect(granted).toHaveLength(REQUESTS);
  expect(granted.every((attachment) => attachment._count === 1)).toBe(true);
  expect(await prisma.outboxMessage.count({ where: { status: { not: "DONE" } } })).toBe(0);

  // Every message showing a request now shows its validation.
  const shown = await prisma.requestMessage.findMany();
  expect(shown).toHaveLength(REQUESTS);
  for (const message of shown) {
    expect(JSON.stringify(slack.message(message.channelId, message.ts)?.blocks)).toContain("Validée par");
  }
  // One e-mail per requester: a copy resent after a crash between the SMTP server's acceptance and the
  // row being marked delivered carries the same Message-ID, which mail systems deduplicate on.
  const messageIdsByRecipient = new Map<string, Set<string>>();
  for (const mail of smtp.messages) {
    const recipient = mail.to.join(",");
    const ids = messageIdsByRecipient.get(recipient) ?? new Set();
    ids.add(String(mail.headers.get("message-id")));
    messageIdsByRecipient.set(recipient, ids);
  }
  expect(messageIdsByRecipient.size).toBe(REQUESTS);
  expect([...messageIdsByRecipient.values()].every((ids) => ids.size === 1)).toBe(true);
  const summary = summaries(slack);
  expect(summary).toHaveLength(1);
  expect(JSON.stringify(summary[0]?.blocks)).toContain(`${REQUESTS} demandes traitées`);
  expect(slack.violations).toEqual([]);
}

describe("one bulk run in two processes at once", () => {
  const h = useHarness();

  it("decides each request once, keeps every item DONE, and sends one e-mail per requester and one summary", async () => {
    const structure = await seedStructure(h);
    const ids: string[] = [];
    for (let index = 0; index < 6; index++) {
      const email = `double.${index}@exemple.fr`;
      await h.api("POST", "/api/v1/users", {
        loginEmail: email,
        firstName: "Jeanne",
        lastName: `Double ${index}`,
      });
      ids.push(await fileRequest(h, structure, { email }));
    }
    await h.settle();
    const runId = await startPrincipalBulkRun(h, { action: "VALIDATE" }, ids);

    // As when a replica paused past its lease while another took the run over: both work on it.
    await Promise.all([runBulkDecision(h.runtime.ctx, runId), runBulkDecision(h.runtime.ctx, runId)]);
    await h.settle();

    const items = await h.database.prisma.bulkRunItem.findMany({ where: { runId } });
    expect(items.map((item) => item.outcome)).toEqual(ids.map(() => "DONE"));
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ATTACHMENT_VALIDATED" } })).toBe(
      ids.length,
    );
    expect(h.smtp.messages.map((mail) => mail.to.join(",")).sort()).toEqual(
      ids.map((_, index) => `double.${index}@exemple.fr`).sort(),
    );
    expect(summaries(h.slack)).toHaveLength(1);
    expect(JSON.stringify(summaries(h.slack)[0]?.blocks)).toContain(`${ids.length} demandes traitées`);
  });
});

describe("a replica killed in the middle of a bulk decision", () => {
  let slack: FakeSlack;
  let smtp: SmtpSink;
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await killAppProcesses();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(killAppProcesses);

  async function startFakes(): Promise<void> {
    [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
    cleanups.push(
      () => slack.close(),
      () => smtp.close(),
    );
  }

  /**
   * Seeds, starts the bulk validation of the 200 requests on `app`, and SIGKILLs it as soon as its first
   * batch of decisions is committed: the next batch (a transaction of its own) is then under way.
   * Watched in the database, closely: a batch of 100 commits in a fraction of a second, before the
   * first message is even updated.
   */
  async function crashDuringBulk(app: AppProcess, database: Database): Promise<void> {
    await seedRequests(app, slack);
    await slack.waitFor(
      (calls) => calls.filter((call) => call.method === "chat.postMessage" && call.ok).length >= REQUESTS,
      120_000,
    );
    await startBulkValidation(app, slack);
    const deadline = Date.now() + 60_000;
    while ((await decidedItems(database)) === 0) {
      if (Date.now() > deadline) throw new Error("no decision committed within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await app.kill();
  }

  it("200 requests decided once each, 200 e-mails, 200 messages updated and one summary after two fresh replicas take over and die together while e-mailing", async () => {
    await startFakes();
    const created = await createTestServerDatabase();
    cleanups.push(() => created.drop());
    const first = await startAppProcess({ slack, smtp, database: { url: created.url } });
    const database = await openDatabase({ url: created.url });
    cleanups.push(() => database.close());

    await crashDuringBulk(first, database);
    const decidedBeforeCrash = await decidedItems(database);
    expect(decidedBeforeCrash).toBeGreaterThan(0);
    expect(decidedBeforeCrash).toBeLessThan(REQUESTS);
    await expireDeadProcessLeases(database);

    // Two replicas restart at once; both look for the abandoned run, one resumes it.
    const restart = () =>
      startAppProcess({ slack, smtp, database: { url: created.url }, env: RECOVERY_EVERY_SECOND });
    const replicas = await Promise.all([restart(), restart()]);
    // Both die while the e-mails go out: one sent but not yet marked delivered goes again, same Message-ID.
    await eventually(async () => smtp.messages.length > 0, 240_000);
    await Promise.all(replicas.map((replica) => replica.kill()));
    expect(smtp.messages.length).toBeLessThan(REQUESTS);
    await expireDeadProcessLeases(database);

    const last = await restart();
    await waitForRecovery(last, slack, smtp);
    await last.stop();

    await expectDecidedExactlyOnce(database, slack, smtp);
  }, 400_000);
});
