import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { createSharedReceiptRecorder } from "../../src/services/slack-workspace/slack-request-receipts.ts";
import { makeTempDataDir } from "../support/data-dir.ts";
import { openTestDatabase } from "../support/db.ts";
import { lockReceipts, stillPendingAfter } from "../support/receipts.ts";
import { onExternalServer } from "../support/test-server.ts";
import { eventually } from "../support/wait.ts";

const WINDOW_MS = 10 * 60 * 1000;

describe.skipIf(onExternalServer)("Slack request receipts on the embedded server's data directory", () => {
  let dataDir: { dataDir: string; remove(): void } | undefined;
  afterEach(() => dataDir?.remove());

  it("refuses the same signature at once, in this replica and in another one, writes it once, and still refuses it after the server is restarted", async () => {
    dataDir = makeTempDataDir("chorus-receipts");
    const lost: unknown[] = [];
    const receivedAt = new Date();
    const recorderOn = (database: Database) =>
      createSharedReceiptRecorder(database.prisma, {
        windowMs: WINDOW_MS,
        now: Date.now,
        listen: database.listen,
        onListeningLost: (error) => lost.push(error),
      });

    const first = await openDatabase({ dataDir: dataDir.dataDir });
    const [recorder, otherReplica] = [recorderOn(first), recorderOn(first)];
    try {
      expect(await recorder.record("v0=first", receivedAt).first).toBe(true);
      expect(await recorder.record("v0=first", receivedAt).first).toBe(false);
      expect(await otherReplica.record("v0=first", receivedAt).first).toBe(false);
      expect(await first.prisma.slackRequestReceipt.count()).toBe(1);
    } finally {
      await Promise.all([recorder.close(), otherReplica.close()]);
      await first.close();
    }

    const reopened = await openDatabase({ dataDir: dataDir.dataDir });
    const afterRestart = recorderOn(reopened);
    try {
      expect(await afterRestart.record("v0=first", new Date()).first).toBe(false);
      expect(await afterRestart.record("v0=second", new Date()).first).toBe(true);
      expect(await reopened.prisma.slackRequestReceipt.count()).toBe(2);
    } finally {
      await afterRestart.close();
      await reopened.close();
    }
    expect(lost).toEqual([]);
  });
});

describe("Slack request receipts on PostgreSQL (the replicas' in memory, each written)", () => {
  it("reads the recent receipts again after a failed read, and then tells a new signature at once while its write waits", async () => {
    const database = await openTestDatabase();
    const { prisma, listen } = database;
    const backgroundErrors: unknown[] = [];
    let recorder: ReturnType<typeof createSharedReceiptRecorder> | undefined;
    try {
      await prisma.$executeRaw`INSERT INTO "SlackRequestReceipt" ("signature") VALUES ('v0=seen')`;
      await prisma.$executeRaw`ALTER TABLE "SlackRequestReceipt" RENAME TO "SlackRequestReceiptAway"`;
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
});
