import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { createLogger } from "../../src/logger.ts";
import { enqueueDelivery } from "../../src/notify/outbox.ts";
import { createOutboxWorker, type OutboxItem, type OutboxWorker } from "../../src/notify/outbox-worker.ts";
import { openTestDatabase, resetDatabase } from "../support/db.ts";
import { eventually } from "../support/wait.ts";

/**
 * Far longer than any wait here: a delivery made within a test's wait (WAIT_MS) was not found by
 * polling, however slow the machine.
 */
const POLL_MS = 3_600_000;
const WAIT_MS = 20_000;

describe("Outbox worker", () => {
  let database: Database;
  let worker: OutboxWorker | null = null;
  const delivered: { id: string; at: number }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    delivered.length = 0;
    await resetDatabase(database);
  });
  afterAll(async () => {
    await database.close();
  });

  function startWorker(): OutboxWorker {
    worker = createOutboxWorker({
      prisma: database.prisma,
      logger: createLogger("silent"),
      now: () => new Date(),
      pollMs: POLL_MS,
      deliver: async (item: OutboxItem) => {
        delivered.push({ id: item.id, at: Date.now() });
      },
    });
    worker.start();
    return worker;
  }

  const queueHomeRefresh = (notBefore?: Date) =>
    database.prisma.$transaction((tx) =>
      enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: "account" }, notBefore ? { notBefore } : {}),
    );

  it("makes a delivery queued for later at its time, without waiting for the next poll", async () => {
    const dueAt = Date.now() + 400;
    await queueHomeRefresh(new Date(dueAt));
    startWorker();

    const [delivery] = await eventually(async () => delivered.length > 0 && delivered, WAIT_MS);
    expect(delivery?.at).toBeGreaterThanOrEqual(dueAt);
  });

  it("wakes at the time of a later delivery queued while it waited, once kicked", async () => {
    const running = startWorker();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const dueAt = Date.now() + 400;
    await queueHomeRefresh(new Date(dueAt));
    running.kick();

    const [delivery] = await eventually(async () => delivered.length > 0 && delivered, WAIT_MS);
    expect(delivery?.at).toBeGreaterThanOrEqual(dueAt);
  });

  it("takes over a delivery whose worker died when its lease ends", async () => {
    const leaseEnd = Date.now() + 400;
    const { id } = await database.prisma.outboxMessage.create({
      data: {
        kind: "SLACK_PUBLISH_HOME",
        payload: { accountId: "account" },
        attempts: 1,
        lockedUntil: new Date(leaseEnd),
      },
    });
    startWorker();

    const [delivery] = await eventually(async () => delivered.length > 0 && delivered, WAIT_MS);
    expect(delivery).toMatchObject({ id });
    expect(delivery?.at).toBeGreaterThanOrEqual(leaseEnd);
    // The delivery is seen before the worker records it: wait for the row to say so.
    const recorded = await eventually(async () => {
      const row = await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
      return row.status === "DONE" && row;
    }, WAIT_MS);
    expect(recorded).toMatchObject({ status: "DONE", attempts: 2 });
  });

  it("makes a delivery queued now as soon as it is kicked", async () => {
    const running = startWorker();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await queueHomeRefresh();
    running.kick();

    expect(await eventually(async () => delivered.length > 0 && delivered, WAIT_MS)).toHaveLength(1);
  });
});
