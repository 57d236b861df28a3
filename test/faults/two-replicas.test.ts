import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { parisDay } from "../../src/domain/dates.ts";
import { isWorkingDay } from "../../src/domain/working-days.ts";
import { DIGEST_JOB } from "../../src/jobs/run-daily-digest.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { SIGNING_SECRET } from "../support/app-harness.ts";
import { type AppProcess, killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import { principal, structureBody, validSiret } from "../support/scenario.ts";
import { blockActionsPayload, sendInteraction, viewSubmissionPayload } from "../support/slack-requests.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";
import { eventually } from "../support/wait.ts";

const STRUCTURES = 4;
const REQUESTS = 32;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Both replicas run the digest at the same instants, every 10 seconds, from the start. */
const DIGEST_EVERY_10_SECONDS = "*/10 * * * * *";

/** The replicas live on a working day (the digest skips the others): today, or the next one. */
function workingDayOffsetMs(): number {
  let offset = 0;
  while (!isWorkingDay(parisDay(new Date(Date.now() + offset)))) offset += DAY_MS;
  return offset;
}

describe("two replicas on one PostgreSQL database", () => {
  let slack: FakeSlack;
  let smtp: SmtpSink;
  let database: Database;
  let dropDatabase: () => Promise<void> = async () => {};
  let replicas: AppProcess[] = [];
  const clockOffsetMs = workingDayOffsetMs();

  afterAll(async () => {
    await killAppProcesses();
    await database?.close();
    await dropDatabase();
    await Promise.all([slack?.close(), smtp?.close()]);
  });

  /** Seconds for Slack's signature, on the replicas' clock. */
  function signedAt(): number {
    return Math.floor((Date.now() + clockOffsetMs) / 1000);
  }

  function replica(index: number): AppProcess {
    return replicas[index % replicas.length] as AppProcess;
  }

  /** Submits the "Refuser" modal of a request to `app`, as a new delivery from Slack. */
  function submitRefusal(app: AppProcess, privateMetadata: string) {
    return sendInteraction({
      baseUrl: app.baseUrl,
      secret: SIGNING_SECRET,
      timestamp: signedAt(),
      checkResponseWith: slack,
      payload: viewSubmissionPayload({
        userId: principal.slackId,
        callbackId: CallbackIds.refuseRequestModal,
        privateMetadata,
        values: {
          [BlockIds.reason]: {
            [ActionIds.reasonInput]: { type: "plain_text_input", value: "Campagne close" },
          },
        },
      }),
    });
  }

  it("processes a load run with no duplicate and no loss: each request posted, decided, updated and e-mailed once, one digest per structure and day", async () => {
    [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
    const created = await createTestServerDatabase();
    dropDatabase = created.drop;
    const options = {
      slack,
      smtp,
      database: { url: created.url },
      clockOffsetMs,
      env: { DIGEST_CRON: DIGEST_EVERY_10_SECONDS },
    };
    // Started together: both apply the migrations at once (one does, under the advisory lock).
    replicas = await Promise.all([startAppProcess(options), startAppProcess(options)]);
    database = await openDatabase({ url: created.url });
    slack.addUser({
      id: principal.slackId,
      email: principal.email,
      realName: `${principal.firstName} ${principal.lastName}`,
    });

    // Structures, requesters and requests, through both replicas' REST API in turn.
    for (let index = 0; index < STRUCTURES; index++) {
      const structure = await replica(index).api(
        "POST",
        "/api/v1/structures",
        structureBody(
          validSiret(8_200_000 + index),
          `Commune ${index}`,
          `CLOAD${String(index).padStart(5, "0")}`,
        ),
      );
      expect(structure.status).toBe(201);
    }
    const requestIds: string[] = [];
    for (let index = 0; index < REQUESTS; index++) {
      const email = `demandeur.${index}@exemple.fr`;
      const user = await replica(index).api("POST", "/api/v1/users", {
        loginEmail: email,
        firstName: "Demandeur",
        lastName: `Numéro ${index}`,
      });
      expect(user.status).toBe(201);
      const request = await replica(index + 1).api("POST", "/api/v1/attachment-requests", {
        structureIdentifier: validSiret(8_200_000 + (index % STRUCTURES)),
        userLoginEmail: email,
      });
      expect(request.status).toBe(201);
      requestIds.push(request.json.id);
    }
    await eventually(async () => (await database.prisma.requestMessage.count()) === REQUESTS, 120_000);

    // The digest while the requests wait: each replica has run it at least twice, at the same instants.
    const digestRuns = (app: AppProcess) => app.logs.filter((line) => line.msg === "daily digest queued");
    await eventually(async () => replicas.every((app) => digestRuns(app).length >= 2), 60_000);

    // Decisions: "Refuser" clicked on one replica, its modal submitted to the other; every fourth
    // one submitted to both at once, as a double submission would reach two replicas.
    const shown = await database.prisma.requestMessage.findMany();
    for (const [index, requestId] of requestIds.entries()) {
      const message = shown.find((candidate) => candidate.attachmentRequestId === requestId);
      if (!message) throw new Error(`request ${requestId} not shown`);
      const opened = slack.callsTo("views.open", { okOnly: true }).length;
      const click = await sendInteraction({
        baseUrl: replica(index).baseUrl,
        secret: SIGNING_SECRET,
        timestamp: signedAt(),
        payload: blockActionsPayload({
          userId: principal.slackId,
          actionId: ActionIds.refuseAttachmentRequest,
          value: requestId,
          channelId: message.channelId,
          messageTs: message.ts,
          responseUrl: slack.responseUrl(),
        }),
      });
      expect(click.status).toBe(200);
      await eventually(async () => slack.callsTo("views.open", { okOnly: true }).length > opened, 20_000);
      const modal = slack.callsTo("views.open", { okOnly: true }).at(-1)?.view as {
        private_metadata: string;
      };
      expect(modal.private_metadata).toContain(requestId);
      const submissions =
        index % 4 === 0
          ? [
              submitRefusal(replica(index + 1), modal.private_metadata),
              submitRefusal(replica(index), modal.private_metadata),
            ]
          : [submitRefusal(replica(index + 1), modal.private_metadata)];
      for (const submitted of await Promise.all(submissions)) expect(submitted.status).toBe(200);
    }

    await smtp.waitForMessages(REQUESTS, 120_000);
    await eventually(async () => {
      const health = await Promise.all(replicas.map((app) => app.api("GET", "/healthz")));
      return health.every((answer) => answer.json?.outbox?.pending === 0);
    }, 120_000);
    await Promise.all(replicas.map((app) => app.stop()));

    const { prisma } = database;
    // Each request decided once.
    expect(await prisma.attachmentRequest.count({ where: { status: "REFUSED" } })).toBe(REQUESTS);
    const history = await prisma.historyEntry.groupBy({
      by: ["attachmentRequestId"],
      where: { action: "ATTACHMENT_REFUSED" },
      _count: true,
    });
    expect(history).toHaveLength(REQUESTS);
    expect(history.every((entry) => entry._count === 1)).toBe(true);
    // Each e-mail sent once: one message per requester, no copy at all.
    expect(smtp.messages).toHaveLength(REQUESTS);
    expect(new Set(smtp.messages.map((mail) => mail.to.join(","))).size).toBe(REQUESTS);
    expect(new Set(smtp.messages.map((mail) => mail.headers.get("message-id"))).size).toBe(REQUESTS);
    // Each request posted once and its message updated once, to its refusal.
    const posts = slack.callsTo("chat.postMessage", { okOnly: true });
    for (const requestId of requestIds) {
      expect(posts.filter((args) => JSON.stringify(args.blocks).includes(requestId))).toHaveLength(1);
    }
    const updates = slack.callsTo("chat.update", { okOnly: true });
    for (const message of shown) {
      expect(
        updates.filter((args) => args.channel === message.channelId && args.ts === message.ts),
      ).toHaveLength(1);
      expect(JSON.stringify(slack.message(message.channelId, message.ts)?.blocks)).toContain("Refusée par");
    }
    // One digest per structure for the day, however many times the two replicas ran it.
    const digests = posts.filter((args) =>
      /^Commune \d+ : \d+ demandes? en attente$/.test(String(args.text)),
    );
    expect(digests.map((args) => args.channel).sort()).toEqual(
      Array.from({ length: STRUCTURES }, (_, index) => `CLOAD${String(index).padStart(5, "0")}`),
    );
    expect(await prisma.jobRun.count({ where: { name: DIGEST_JOB } })).toBe(STRUCTURES);
    expect(await prisma.outboxMessage.count({ where: { status: { not: "DONE" } } })).toBe(0);
    expect(slack.violations).toEqual([]);
  }, 400_000);
});
