import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { IDEMPOTENCY_LEASE_MS } from "../../src/services/idempotency.ts";
import { postWithKey } from "../support/app-harness.ts";
import { killAppProcesses, startAppProcess } from "../support/app-process.ts";
import { createTestServerDatabase } from "../support/db.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import { requester, structureBody, validSiret } from "../support/scenario.ts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";
import { eventually } from "../support/wait.ts";

/** The sessions of the process the test kills, told apart from the others on the server by this name. */
const DOOMED_APPLICATION = "doomed-replica";
const KEY = "demande-2026-0001";

/** One session of the test's own, to hold row locks in a transaction while the app waits on them. */
async function session(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  return client;
}

describe("an Idempotency-Key whose process was killed in the middle of its request", () => {
  let slack: FakeSlack;
  let smtp: SmtpSink;
  let database: Database;
  let dropDatabase: () => Promise<void> = async () => {};
  const sessions: pg.Client[] = [];

  afterAll(async () => {
    await killAppProcesses();
    await Promise.all(sessions.map((client) => client.end().catch(() => {})));
    await database?.close();
    await dropDatabase();
    await Promise.all([slack?.close(), smtp?.close()]);
  });

  it("is taken over by the retry once its lease has run out, the request is filed once with the id the retry gets, and a new key gets a 409 naming that id", async () => {
    [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
    const created = await createTestServerDatabase();
    dropDatabase = created.drop;
    database = await openDatabase({ url: created.url });
    const doomedUrl = new URL(created.url);
    doomedUrl.searchParams.set("application_name", DOOMED_APPLICATION);
    const doomed = await startAppProcess({ slack, smtp, database: { url: doomedUrl.toString() } });

    const identifier = validSiret(7_700_001);
    expect(
      (await doomed.api("POST", "/api/v1/structures", structureBody(identifier, "Commune"))).status,
    ).toBe(201);
    const user = await doomed.api("POST", "/api/v1/users", {
      loginEmail: requester.email,
      firstName: requester.firstName,
      lastName: requester.lastName,
    });
    expect(user.status).toBe(201);
    const body = { structureIdentifier: identifier, userLoginEmail: requester.email };

    // The structure's row locked: the request's insert (its foreign key) waits once the key is claimed.
    const structureLock = await session(created.url);
    sessions.push(structureLock);
    await structureLock.query(`SELECT 1 FROM "Structure" WHERE "identifier" = $1 FOR UPDATE`, [identifier]);
    const lost = postWithKey(doomed.baseUrl, "/api/v1/attachment-requests", body, KEY).catch(
      (error: unknown) => error,
    );
    // Then the key's row locked: the request, let go, waits to store its answer.
    const keyLock = await session(created.url);
    sessions.push(keyLock);
    await eventually(async () => {
      const locked = await keyLock.query(`SELECT 1 FROM "IdempotencyRecord" WHERE "key" = $1 FOR UPDATE`, [
        KEY,
      ]);
      return locked.rowCount === 1;
    }, 20_000);
    await structureLock.query("COMMIT");
    await eventually(async () => {
      const waiting = await database.prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS "count" FROM pg_stat_activity
        WHERE "application_name" = ${DOOMED_APPLICATION} AND "wait_event_type" = 'Lock'
          AND "query" LIKE '%IdempotencyRecord%'`;
      return waiting[0]?.count === 1;
    }, 20_000);
    const committedBeforeItsAnswer = await database.prisma.attachmentRequest.count();

    // The host dies: the process at once, and its sessions with it (as the server finds them gone).
    await doomed.kill();
    await database.prisma.$queryRaw`
      SELECT pg_terminate_backend("pid") FROM pg_stat_activity WHERE "application_name" = ${DOOMED_APPLICATION}`;
    await keyLock.query("ROLLBACK");
    expect(await lost).toBeInstanceOf(Error);

    // Restarted replicas: one now, one whose clock is past the dead process's lease.
    const [restarted, later] = await Promise.all([
      startAppProcess({ slack, smtp, database: { url: created.url } }),
      startAppProcess({
        slack,
        smtp,
        database: { url: created.url },
        clockOffsetMs: IDEMPOTENCY_LEASE_MS + 5_000,
      }),
    ]);
    const tooSoon = await postWithKey(restarted.baseUrl, "/api/v1/attachment-requests", body, KEY);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.json.error.code).toBe("request_in_progress");
    const retryAfter = Number(tooSoon.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(IDEMPOTENCY_LEASE_MS / 1000);

    const retried = await postWithKey(later.baseUrl, "/api/v1/attachment-requests", body, KEY);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const filed = await database.prisma.attachmentRequest.findMany();
    expect(filed.map((request) => request.id)).toEqual([retried.json.id]);
    expect(committedBeforeItsAnswer).toBe(0);
    expect(
      await database.prisma.outboxMessage.count({
        where: { kind: "SLACK_SHOW_REQUEST", payload: { path: ["requestId"], equals: retried.json.id } },
      }),
    ).toBe(1);

    const again = await postWithKey(later.baseUrl, "/api/v1/attachment-requests", body, KEY);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(retried.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const newKey = await postWithKey(later.baseUrl, "/api/v1/attachment-requests", body, "demande-2026-0002");
    expect(newKey.status).toBe(409);
    expect(newKey.json.error).toMatchObject({ code: "conflict", existingRequestId: retried.json.id });
    expect(await database.prisma.attachmentRequest.count()).toBe(1);
  }, 120_000);
});
