import { describe, expect, it } from "vitest";
import { parisDay } from "../../../src/domain/dates.ts";
import { runDailyDigest } from "../../../src/jobs/run-daily-digest.ts";
import { runEscalationReminders } from "../../../src/jobs/run-escalation-reminders.ts";
import { ActionIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { fileAgedRequest, withId } from "../../support/pending-requests.ts";
import {
  fileRequest,
  makeSecondaryManager,
  outsider,
  type Person,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendInteraction } from "../../support/slack-requests.ts";

/** Monday 30 November 2026, 09:00 in Paris. */
const MONDAY = new Date("2026-11-30T08:00:00Z");
const dmOf = (person: { slackId: string }) => `D${person.slackId.slice(1)}`;

describe("what reaches a manager who is away", () => {
  const h = useHarness();

  const accountId = async (person: Person) =>
    (await h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: person.email } })).id;

  /** `person` away from `from` to `to` (both included), with `delegate`: written as a declaration leaves it. */
  async function away(person: Person, delegate: Person | null, from: Date, to: Date) {
    await h.database.prisma.managerAbsence.create({
      data: {
        accountId: await accountId(person),
        startsOn: parisDay(from),
        endsOn: parisDay(to),
        delegateId: delegate ? await accountId(delegate) : null,
      },
    });
  }
  const week = (monday: Date) => [monday, new Date(monday.getTime() + 4 * 24 * 3600 * 1000)] as const;

  /** Runs `job` at MONDAY and returns the posts it made, by channel. */
  async function postsOf(job: () => Promise<number>) {
    await h.settle();
    h.slack.reset();
    await job();
    await h.settle();
    return h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .map((args) => ({ channel: String(args.channel), text: JSON.stringify(args.blocks) }));
  }
  const remind = () => postsOf(() => runEscalationReminders(h.runtime.ctx, MONDAY, { escalationDays: 5 }));
  const digest = () => postsOf(() => runDailyDigest(h.runtime.ctx, MONDAY, { escalationDays: 5 }));

  async function overdueStructure(channel: string | null = null) {
    const structure = await withId(h, await seedStructure(h, { channel }));
    await makeSecondaryManager(h, structure);
    await fileAgedRequest(h, structure, requester.email, new Date("2026-11-18T10:00:00Z"));
    return structure;
  }

  it("sends the principal manager's reminder to their delegate, saying for whom, while they are away", async () => {
    await overdueStructure();
    await away(principal, secondary, ...week(MONDAY));

    const posts = await remind();
    expect(posts.map((post) => post.channel)).toEqual([dmOf(secondary)]);
    expect(posts[0]?.text).toContain(
      "Vous recevez ce message en l'absence de Paule Principale (absent jusqu'au 04/12/2026).",
    );
  });

  it("never sends it to a delegate without the right: another manager of the structure gets it", async () => {
    await overdueStructure();
    await away(principal, outsider, ...week(MONDAY));
    expect((await remind()).map((post) => post.channel)).toEqual([dmOf(secondary)]);
  });

  it("reminds the principal manager as before when only someone else is away, saying who", async () => {
    await overdueStructure();
    await away(secondary, principal, ...week(MONDAY));
    const posts = await remind();
    expect(posts.map((post) => post.channel)).toEqual([dmOf(principal)]);
    expect(posts[0]?.text).toContain(
      "Sami Second est absent jusqu'au 04/12/2026 – délégué : Paule Principale.",
    );
    expect(posts[0]?.text).not.toContain("en l'absence de");
  });

  it("sends no reminder and no digest when every manager is away, and both again once they are back", async () => {
    await overdueStructure();
    await away(principal, secondary, ...week(MONDAY));
    await away(secondary, null, ...week(MONDAY));
    expect(await remind()).toEqual([]);
    expect(await digest()).toEqual([]);

    await h.database.prisma.managerAbsence.deleteMany();
    expect((await remind()).map((post) => post.channel)).toEqual([dmOf(principal)]);
  });

  it("leaves a manager away out of the digest by DM, and names them in the digest of the structure's channel", async () => {
    await overdueStructure();
    await away(principal, secondary, ...week(MONDAY));
    const byDm = await digest();
    expect(byDm.map((post) => post.channel)).toEqual([dmOf(secondary)]);
    expect(byDm[0]?.text).toContain(
      "Paule Principale est absent jusqu'au 04/12/2026 – délégué : Sami Second.",
    );

    await h.reset();
    await overdueStructure("CABSENT001");
    await away(principal, null, ...week(MONDAY));
    const inChannel = await digest();
    expect(inChannel.map((post) => post.channel)).toEqual(["CABSENT001"]);
    expect(inChannel[0]?.text).toContain("Paule Principale est absent jusqu'au 04/12/2026.");
  });

  it("shows a new request by DM to the managers present only, with who is away, and to all of them when every one is", async () => {
    const structure = await seedStructure(h, { channel: null });
    await makeSecondaryManager(h, structure);
    const today = new Date();
    await away(principal, secondary, today, today);

    const requestId = await fileRequest(h, structure);
    await h.settle();
    const copies = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: requestId },
    });
    expect(copies.map((copy) => [copy.channelId, copy.recipientId])).toEqual([
      [dmOf(secondary), await accountId(secondary)],
    ]);
    const shown = h.slack.message(dmOf(secondary), copies[0]?.ts ?? "");
    expect(JSON.stringify(shown?.blocks)).toContain("Paule Principale est absent jusqu'au");

    await away(secondary, null, today, today);
    const other = await fileRequest(h, structure, { email: outsider.email });
    await h.settle();
    const everyone = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: other },
    });
    expect(everyone.map((copy) => copy.channelId).sort()).toEqual([dmOf(principal), dmOf(secondary)].sort());
  });

  it("keeps a requester's « Relancer » out of the DM of a manager who went away since the request arrived", async () => {
    const structure = await seedStructure(h, { channel: null });
    await makeSecondaryManager(h, structure);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const copies = await h.database.prisma.requestMessage.findMany({
      where: { attachmentRequestId: requestId },
    });
    expect(copies).toHaveLength(2);
    const today = new Date();
    await away(principal, secondary, today, today);

    h.slack.reset();
    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: requester.slackId,
        actionId: ActionIds.myRequestRemind,
        value: JSON.stringify({ type: "attachment", requestId }),
        view: { type: "home", id: "VHOMETAB01" },
      }),
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.publish"));
    await h.settle();
    const replies = h.slack.callsTo("chat.postMessage", { okOnly: true }).filter((args) => args.thread_ts);
    expect(replies.map((args) => args.channel)).toEqual([dmOf(secondary)]);
  });
});
