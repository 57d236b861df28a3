import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import {
  createInProcessReceiptRecorder,
  createSharedReceiptRecorder,
} from "../../src/services/slack-request-receipts.ts";
import { openTestDatabase, testDatabaseKinds } from "../support/db.ts";
import { lockReceipts, stillPendingAfter } from "../support/receipts.ts";
import { eventually } from "../support/wait.ts";

const WINDOW_MS = 10 * 60 * 1000;

describe("Slack request receipts on the embedded database (checked in memory, written behind)", () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses the same signature at once, writes it to the table once the acks are sent, and still refuses it after the database is reopened", async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "chorus-receipts-"));
    const writeErrors: unknown[] = [];
    let acksSent = () => {};
    const burstAnswered = new Promise<void>((resolve) => {
      acksSent = resolve;
    });
    const options = {
      windowMs: WINDOW_MS,
      now: Date.now,
      writeWhen: () => burstAnswered,
      onBackgroundError: (error: unknown) => writeErrors.push(error),
    };
    const receivedAt = new Date();

    const first = await openDatabase({ dataDir });
    try {
      const recorder = createInProcessReceiptRecorder(first.prisma, options);
      // A second recorder on the same client (another replica of a test) shares what the first saw.
      const sameProcess = createInProcessReceiptRecorder(first.prisma, options);
      expect(await recorder.record("v0=first", receivedAt).first).toBe(true);
      expect(await recorder.record("v0=first", receivedAt).first).toBe(false);
      expect(await sameProcess.record("v0=first", receivedAt).first).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await first.prisma.slackRequestReceipt.count()).toBe(0);
      acksSent();
      await eventually(async () => (await first.prisma.slackRequestReceipt.count()) === 1);
    } finally {
      await first.close();
    }

    const reopened = await openDatabase({ dataDir });
    try {
      const recorder = createInProcessReceiptRecorder(reopened.prisma, options);
      expect(await recorder.record("v0=first", new Date()).first).toBe(false);
      expect(await recorder.record("v0=second", new Date()).first).toBe(true);
      await eventually(async () => (await reopened.prisma.slackRequestReceipt.count()) === 2);
    } finally {
      await reopened.close();
    }
    expect(writeErrors).toEqual([]);
  });

  it("answers with an error while the receipts cannot be loaded, and loads them again for the next request", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      const { prisma } = database;
      await prisma.$executeRaw`INSERT INTO "SlackRequestReceipt" ("signature") VALUES ('v0=seen')`;
      await prisma.$executeRaw`ALTER TABLE "SlackRequestReceipt" RENAME TO "SlackRequestReceiptAway"`;
      const backgroundErrors: unknown[] = [];
      const recorder = createInProcessReceiptRecorder(prisma, {
        windowMs: WINDOW_MS,
        now: Date.now,
        writeWhen: async () => {},
        onBackgroundError: (error) => backgroundErrors.push(error),
      });

      await expect(recorder.record("v0=seen", new Date()).first).rejects.toThrow();
      await prisma.$executeRaw`ALTER TABLE "SlackRequestReceiptAway" RENAME TO "SlackRequestReceipt"`;

      expect(await recorder.record("v0=seen", new Date()).first).toBe(false);
      expect(await recorder.record("v0=new", new Date()).first).toBe(true);
      expect(backgroundErrors).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!testDatabaseKinds().includes("postgresql"))(
  "Slack request receipts on PostgreSQL (the replicas' in memory, each written)",
  () => {
    it("reads the recent receipts again after a failed read, and then tells a new signature at once while its write waits", async () => {
      const database = await openTestDatabase("postgresql");
      const { prisma, listen } = database;
      const backgroundErrors: unknown[] = [];
      let recorder: ReturnType<typeof createSharedReceiptRecorder> | undefined;
      try {
        await prisma.$executeRaw`INSERT INTO "SlackRequestReceipt" ("signature") VALUES ('v0=seen')`;
        await prisma.$executeRaw`ALTER TABLE "SlackRequestReceipt" RENAME TO "SlackRequestReceiptAway"`;
        if (!listen) throw new Error("a PostgreSQL database listens");
        recorder = createSharedReceiptRecorder(prisma, {
          windowMs: WINDOW_MS,
          now: Date.now,
          listen,
          onListeningLost: (error) => backgroundErrors.push(error),
        });
        await eventually(async () => backgroundErrors.length === 1);
        await prisma.$executeRaw`ALTER TABLE "SlackRequestReceiptAway" RENAME TO "SlackRequestReceipt"`;

        const known = recorder;
        let probe = 0;
        // Once read again, a new signature is new at once, though the table cannot be written yet.
        await eventually(async () => {
          const release = await lockReceipts(database);
          try {
            const receipt = known.record(`v0=probe-${probe++}`, new Date());
            return !(await stillPendingAfter(receipt.firstAsFarAsKnown, 200));
          } finally {
            await release();
          }
        }, 10_000);
        expect(await known.record("v0=seen", new Date()).first).toBe(false);
        // One read failed, reported once; none since.
        expect(backgroundErrors).toHaveLength(1);
      } finally {
        await recorder?.close();
        await database.close();
      }
    });
  },
);
