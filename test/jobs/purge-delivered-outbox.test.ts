import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { purgeDeliveredOutbox } from "../../src/jobs/purge-delivered-outbox.ts";
import { useHarness } from "../support/app-harness.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("the purge of delivered outbox rows", () => {
  const h = useHarness();

  /** An e-mail row of the outbox in the given state, delivered `deliveredDaysAgo` days before `now`. */
  function outboxRow(
    now: Date,
    to: string,
    state: { status: "PENDING" | "DONE" | "FAILED"; deliveredDaysAgo?: number; queuedDaysAgo: number },
  ) {
    const at = (days: number) => new Date(now.getTime() - days * DAY_MS);
    return h.database.prisma.outboxMessage.create({
      data: {
        kind: "EMAIL",
        payload: { to, subject: "Objet", text: "Texte", html: "<p>Texte</p>" },
        status: state.status,
        createdAt: at(state.queuedDaysAgo),
        availableAt: at(state.queuedDaysAgo),
        deliveredAt: state.deliveredDaysAgo === undefined ? null : at(state.deliveredDaysAgo),
      },
    });
  }

  it("deletes the rows delivered more than the retention ago, and keeps the recent ones, the pending ones and the failed ones", async () => {
    const now = new Date("2026-12-10T02:15:00Z");
    await Promise.all([
      outboxRow(now, "vieux@exemple.fr", { status: "DONE", queuedDaysAgo: 30, deliveredDaysAgo: 29 }),
      outboxRow(now, "huit-jours@exemple.fr", { status: "DONE", queuedDaysAgo: 9, deliveredDaysAgo: 8 }),
      // Queued long ago, delivered recently (it waited for the SMTP server): kept, the age is the delivery's.
      outboxRow(now, "recent@exemple.fr", { status: "DONE", queuedDaysAgo: 20, deliveredDaysAgo: 6 }),
      outboxRow(now, "en-attente@exemple.fr", { status: "PENDING", queuedDaysAgo: 20 }),
      outboxRow(now, "echec@exemple.fr", { status: "FAILED", queuedDaysAgo: 20 }),
    ]);

    const deleted = await purgeDeliveredOutbox(h.runtime.ctx, now, { retentionDays: 7 });

    expect(deleted).toBe(2);
    const left = await h.database.prisma.outboxMessage.findMany({ select: { status: true, payload: true } });
    expect(left.map((row) => [(row.payload as { to: string }).to, row.status]).sort()).toEqual([
      ["echec@exemple.fr", "FAILED"],
      ["en-attente@exemple.fr", "PENDING"],
      ["recent@exemple.fr", "DONE"],
    ]);
    expect(await purgeDeliveredOutbox(h.runtime.ctx, now, { retentionDays: 7 })).toBe(0);
    expect(await purgeDeliveredOutbox(h.runtime.ctx, now, { retentionDays: 5 })).toBe(1);
  });

  it("purges what the worker delivered once the retention has passed, and not before", async () => {
    await h.database.prisma.outboxMessage.create({
      data: { kind: "EMAIL", payload: { to: "a@exemple.fr", subject: "s", text: "t", html: "<p>t</p>" } },
    });
    await h.settle();
    const delivered = await h.database.prisma.outboxMessage.findFirstOrThrow();
    expect(delivered.status).toBe("DONE");
    const deliveredAt = delivered.deliveredAt?.getTime() ?? 0;

    expect(
      await purgeDeliveredOutbox(h.runtime.ctx, new Date(deliveredAt + 7 * DAY_MS - 1000), {
        retentionDays: 7,
      }),
    ).toBe(0);
    expect(
      await purgeDeliveredOutbox(h.runtime.ctx, new Date(deliveredAt + 7 * DAY_MS + 1000), {
        retentionDays: 7,
      }),
    ).toBe(1);
    expect(await h.database.prisma.outboxMessage.count()).toBe(0);
  });

  it("keeps delivered rows 7 days by default, every night at 3:15, both configurable, the cron 'off' on some replicas", () => {
    const required = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "secret-0123456789" };
    expect(loadConfig(required)).toMatchObject({ OUTBOX_RETENTION_DAYS: 7, OUTBOX_PURGE_CRON: "15 3 * * *" });
    expect(loadConfig({ ...required, OUTBOX_RETENTION_DAYS: "30", OUTBOX_PURGE_CRON: "off" })).toMatchObject({
      OUTBOX_RETENTION_DAYS: 30,
      OUTBOX_PURGE_CRON: null,
    });
    expect(() => loadConfig({ ...required, OUTBOX_RETENTION_DAYS: "0" })).toThrow(/OUTBOX_RETENTION_DAYS/);
  });
});
