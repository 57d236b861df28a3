import { describe, expect, it } from "vitest";
import { runDailyDigest } from "../../src/jobs/run-daily-digest.ts";
import { ActionIds } from "../../src/slack/ids.ts";
import { useHarness } from "../support/app-harness.ts";
import { fluxReject, recordRejects } from "../support/flux-rejects.ts";
import {
  addRequester,
  addStructure,
  fileAgedRequest,
  insertAttachmentRequests,
  insertSubscriptionRequest,
  withId,
} from "../support/pending-requests.ts";
import {
  makeSecondaryManager,
  principal,
  requester,
  STRUCTURE_CHANNEL,
  secondary,
  seedStructure,
} from "../support/scenario.ts";

/** Monday 30 November 2026, 08:00 in Paris. */
const MONDAY = new Date("2026-11-30T07:00:00Z");
const TUESDAY = new Date("2026-12-01T07:00:00Z");
const WEDNESDAY = new Date("2026-12-02T07:00:00Z");
const settings = { escalationDays: 5 };

function dm(slackId: string): string {
  return `D${slackId.slice(1)}`;
}

describe("the daily digest", () => {
  const h = useHarness();

  /** Runs the job, lets the outbox deliver, and returns what was posted (channel and blocks as text). */
  async function digestPosts(now: Date) {
    await h.settle();
    h.slack.reset();
    await runDailyDigest(h.runtime.ctx, now, settings);
    await h.settle();
    return h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .map((args) => ({ channel: String(args.channel), text: JSON.stringify(args.blocks) }));
  }

  it("posts one digest per structure with pending requests in its channel, grouped by age, each linking to its message", async () => {
    const structure = await withId(h, await seedStructure(h));
    await addStructure(h, 7654321, { channel: "CQUIET0001" });
    const emails = [requester.email, await addRequester(h, 1), await addRequester(h, 2)];
    const today = await fileAgedRequest(h, structure, emails[0] as string, new Date("2026-11-30T06:30:00Z"));
    const recent = await fileAgedRequest(h, structure, emails[1] as string, new Date("2026-11-27T10:00:00Z"));
    const old = await fileAgedRequest(h, structure, emails[2] as string, new Date("2026-11-20T10:00:00Z"));
    await insertSubscriptionRequest(h, structure.id, requester.email, new Date("2026-11-26T10:00:00Z"));
    const links = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: { in: [today, recent, old] } },
    });

    const posts = await digestPosts(MONDAY);

    expect(posts.map((post) => post.channel)).toEqual([STRUCTURE_CHANNEL]);
    const text = posts[0]?.text ?? "";
    expect(text).toContain("4 demandes en attente de décision au 30/11/2026.");
    expect(text).toContain(
      "*Demandes de rattachement* : 3 — la plus ancienne du 20/11/2026 (depuis 10 jours)",
    );
    expect(text).toContain("*Demandes d'abonnement* : 1");
    // The most urgent group first, and within a group the oldest first.
    const groups = ["*5 jours et plus* (1)", "*1 à 4 jours* (2)", "*Aujourd'hui* (1)"];
    expect(groups.map((group) => text.indexOf(group))).toEqual(
      [...groups.map((group) => text.indexOf(group))].sort((a, b) => a - b),
    );
    expect(text.indexOf("Demande d'abonnement de René Demandeur")).toBeLessThan(text.indexOf("Numéro 1"));
    expect(links).toHaveLength(3);
    for (const link of links) expect(text).toContain(`<${link.permalink}|Demande de rattachement de`);
    expect(text).toContain(
      "• Demande d'abonnement de René Demandeur (Engagements, Factures émises) — reçue le 26/11/2026 (4 jours)",
    );
    expect(text).toContain("reçue le 30/11/2026");
  });

  it("posts nothing where nothing waits", async () => {
    await seedStructure(h);

    expect(await digestPosts(MONDAY)).toEqual([]);
    expect(await h.database.prisma.jobRun.count()).toBe(0);
  });

  it("sends the digest by DM to each manager when the structure has no channel, linking to the first copy posted", async () => {
    const structure = await withId(h, await seedStructure(h, { channel: null }));
    await makeSecondaryManager(h, structure);
    const id = await fileAgedRequest(h, structure, requester.email, new Date("2026-11-27T10:00:00Z"));
    // The request went by DM to both managers: the copy of the later one is made the first posted.
    const { prisma } = h.database;
    const copies = await prisma.requestMessage.findMany({ where: { attachmentRequestId: id } });
    expect(copies).toHaveLength(2);
    const last = copies.at(-1)?.id ?? "";
    await prisma.requestMessage.update({
      where: { id: last },
      data: { createdAt: new Date("2026-11-27T09:00:00Z") },
    });
    const first = await prisma.requestMessage.findUniqueOrThrow({ where: { id: last } });

    const posts = await digestPosts(MONDAY);

    expect(posts.map((post) => post.channel).sort()).toEqual(
      [dm(principal.slackId), dm(secondary.slackId)].sort(),
    );
    for (const post of posts) {
      expect(post.text).toContain("*1 à 4 jours* (1)");
      expect(post.text).toContain(`<${first.permalink}|Demande de rattachement de`);
    }
  });

  it("posts once a day however many times it runs, even two runs at once, and again the next working day", async () => {
    const structure = await withId(h, await seedStructure(h));
    await fileAgedRequest(h, structure, requester.email, new Date("2026-11-27T10:00:00Z"));
    await h.settle();
    h.slack.reset();

    const queued = await Promise.all([
      runDailyDigest(h.runtime.ctx, MONDAY, settings),
      runDailyDigest(h.runtime.ctx, MONDAY, settings),
    ]);
    await runDailyDigest(h.runtime.ctx, new Date("2026-11-30T15:00:00Z"), settings);
    await h.settle();

    expect(queued.sort()).toEqual([0, 1]);
    expect(h.slack.callsTo("chat.postMessage", { okOnly: true })).toHaveLength(1);
    expect(await h.database.prisma.jobRun.findMany({ select: { name: true, runKey: true } })).toEqual([
      { name: "digest", runKey: `2026-11-30:${structure.id}` },
    ]);

    const tuesday = await digestPosts(TUESDAY);
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]?.text).toContain("au 01/12/2026");
  });

  it.each([
    ["a Saturday", "2026-11-28T07:00:00Z"],
    ["a Sunday", "2026-11-29T07:00:00Z"],
    ["Christmas", "2026-12-25T07:00:00Z"],
    ["Easter Monday", "2027-03-29T06:00:00Z"],
    ["Ascension Day", "2027-05-06T06:00:00Z"],
  ])("posts nothing on %s", async (_, at) => {
    const structure = await withId(h, await seedStructure(h));
    await fileAgedRequest(h, structure, requester.email, new Date("2026-11-27T10:00:00Z"));

    expect(await digestPosts(new Date(at))).toEqual([]);
    expect(await h.database.prisma.jobRun.count()).toBe(0);
  });

  it("lists ten requests per group and summarises the rest, within Slack's limits", async () => {
    const structure = await withId(h, await seedStructure(h));
    await insertAttachmentRequests(h, structure.id, 47, new Date("2026-11-02T10:00:00Z"));
    await insertAttachmentRequests(h, structure.id, 3, new Date("2026-11-30T06:00:00Z"));

    const posts = await digestPosts(MONDAY);

    expect(posts).toHaveLength(1);
    const text = posts[0]?.text ?? "";
    expect(text).toContain("*5 jours et plus* (47)");
    expect(text).toContain("… et 37 autres");
    expect(text).toContain("*Aujourd'hui* (3)");
    expect(text.match(/• /g)).toHaveLength(13);
  });

  it("mentions the flux rejects received since the structure's previous digest, with a button to them, even where no request waits", async () => {
    const structure = await withId(h, await seedStructure(h));
    await recordRejects(
      h,
      [1, 2, 3].map((index) => fluxReject(structure.identifier, { paymentRequestNumber: `FAC-${index}` })),
    );

    const monday = await digestPosts(MONDAY);

    expect(monday.map((post) => post.channel)).toEqual([STRUCTURE_CHANNEL]);
    const text = monday[0]?.text ?? "";
    expect(text).toContain("*3 nouveaux rejets de flux* depuis le dernier récapitulatif.");
    expect(text).toContain(`"action_id":"${ActionIds.openFluxRejects}"`);
    expect(text).toContain(`"value":"${structure.identifier}"`);
    expect(text).toContain("Rejets de flux");
    expect(text).not.toContain("en attente");
    expect(h.slack.callsTo("chat.postMessage", { okOnly: true })[0]?.text).toBe(
      "Mairie de Saint-Exemple : 3 nouveaux rejets de flux",
    );

    // Nothing new and nothing waiting: no digest.
    expect(await digestPosts(TUESDAY)).toEqual([]);

    await recordRejects(
      h,
      [1, 2].map((index) => fluxReject(structure.identifier, { paymentRequestNumber: `FAC-${3 + index}` })),
    );
    const wednesday = await digestPosts(WEDNESDAY);
    expect(wednesday).toHaveLength(1);
    expect(wednesday[0]?.text).toContain("*2 nouveaux rejets de flux* depuis le dernier récapitulatif.");
  });

  it("adds the new flux rejects to the digest of a structure where requests wait", async () => {
    const structure = await withId(h, await seedStructure(h));
    await fileAgedRequest(h, structure, requester.email, new Date("2026-11-27T10:00:00Z"));
    await recordRejects(h, [fluxReject(structure.identifier)]);

    const posts = await digestPosts(MONDAY);

    expect(posts).toHaveLength(1);
    const text = posts[0]?.text ?? "";
    expect(text).toContain("1 demande en attente de décision au 30/11/2026.");
    expect(text).toContain("*1 nouveau rejet de flux* depuis le dernier récapitulatif.");
    expect(text.indexOf("*1 à 4 jours* (1)")).toBeLessThan(text.indexOf("nouveau rejet"));
  });
});
