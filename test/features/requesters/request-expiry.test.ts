import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { workingDaysBetween } from "../../../src/domain/working-days.ts";
import { expireStaleRequests } from "../../../src/jobs/expire-stale-requests.ts";
import { commandActionId } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import { fileAgedRequest, insertSubscriptionRequest } from "../../support/pending-requests.ts";
import { principal, refuseInModal, requester, seedStructure } from "../../support/scenario.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** A Monday, so that 30 working days are easy to count: six weeks, with no holiday in them. */
const NOW = new Date("2027-03-22T09:00:00Z");

describe("counting working days", () => {
  it("counts the working days after one day up to another, without weekends and French holidays", () => {
    expect(workingDaysBetween(day("2026-12-04"), day("2026-12-07"))).toBe(1);
    expect(workingDaysBetween(day("2026-12-24"), day("2026-12-28"))).toBe(1);
    expect(workingDaysBetween(day("2027-02-08"), day("2027-03-22"))).toBe(30);
    expect(workingDaysBetween(day("2026-12-07"), day("2026-12-07"))).toBe(0);
  });

  it("reads REQUEST_TTL_DAYS as a number of days, 30 by default, or off", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "secret-0123456789" };
    expect(loadConfig(base).REQUEST_TTL_DAYS).toBe(30);
    expect(loadConfig({ ...base, REQUEST_TTL_DAYS: "off" }).REQUEST_TTL_DAYS).toBeNull();
    expect(loadConfig({ ...base, REQUEST_TTL_DAYS: "12" }).REQUEST_TTL_DAYS).toBe(12);
    expect(() => loadConfig({ ...base, REQUEST_TTL_DAYS: "0" })).toThrow(/REQUEST_TTL_DAYS/);
  });
});

describe("requests left without a decision expire", () => {
  const h = useHarness();

  it("closes the requests 30 working days old, once, tells their requesters by e-mail and by DM with « Redemander », and updates their messages; younger ones wait", async () => {
    const structure = await seedStructure(h);
    const row = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    const stale = await fileAgedRequest(h, structure, requester.email, new Date("2027-02-08T10:00:00Z"));
    const staleSubscription = await insertSubscriptionRequest(
      h,
      row.id,
      requester.email,
      new Date("2027-02-01T10:00:00Z"),
    );
    const young = await insertSubscriptionRequest(
      h,
      row.id,
      principal.email,
      new Date("2027-02-09T10:00:00Z"),
    );

    expect(await expireStaleRequests(h.runtime.ctx, NOW, { ttlDays: null })).toBe(0);
    const [first, second] = await Promise.all([
      expireStaleRequests(h.runtime.ctx, NOW, { ttlDays: 30 }),
      expireStaleRequests(h.runtime.ctx, NOW, { ttlDays: 30 }),
    ]);
    expect(first + second).toBe(2);
    await h.settle();

    const { prisma } = h.database;
    expect((await prisma.attachmentRequest.findUniqueOrThrow({ where: { id: stale } })).status).toBe(
      "EXPIRED",
    );
    expect(
      (await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id: staleSubscription } })).status,
    ).toBe("EXPIRED");
    expect((await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id: young } })).status).toBe(
      "PENDING",
    );
    expect(await prisma.historyEntry.count({ where: { action: "REQUEST_EXPIRED" } })).toBe(2);

    const shown = await prisma.requestMessage.findFirstOrThrow({ where: { attachmentRequestId: stale } });
    expect(JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks)).toContain("Expirée le");
    const mails = await h.smtp.waitForMessages(2);
    expect(mails.filter((mail) => /a expiré/.test(mail.subject ?? ""))).toHaveLength(2);
    const dms = h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === `D${requester.slackId.slice(1)}`)
      .map((args) => JSON.stringify(args.blocks));
    expect(dms).toHaveLength(2);
    const askAgain = `rejoindre ${structure.identifier}`;
    expect(
      dms.some((dm) => dm.includes(commandActionId(askAgain)) && dm.includes(`"value":"${askAgain}"`)),
    ).toBe(true);
    expect(dms.some((dm) => dm.includes(`"value":"abonner ${structure.identifier}"`))).toBe(true);

    // A manager deciding an expired request is told it expired.
    const late = await refuseInModal(h, stale, "Trop tard");
    expect(JSON.stringify(late.json)).toContain("a expiré le");
  });

  it("lets exactly one of an expiry and a refusal made at the same moment through", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileAgedRequest(h, structure, requester.email, new Date("2027-01-04T10:00:00Z"));

    const [expired, refusal] = await Promise.all([
      expireStaleRequests(h.runtime.ctx, NOW, { ttlDays: 30 }),
      refuseInModal(h, requestId, "Non"),
    ]);
    const { status } = await h.database.prisma.attachmentRequest.findUniqueOrThrow({
      where: { id: requestId },
    });
    const closings = await h.database.prisma.historyEntry.count({
      where: { action: { in: ["REQUEST_EXPIRED", "ATTACHMENT_REFUSED"] } },
    });
    expect(closings).toBe(1);
    if (status === "EXPIRED") {
      expect(expired).toBe(1);
      expect(JSON.stringify(refusal.json)).toContain("a expiré le");
    } else {
      expect(status).toBe("REFUSED");
      expect(expired).toBe(0);
      expect(refusal.json).toBeNull();
    }
  });
});
