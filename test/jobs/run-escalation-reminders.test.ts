import { describe, expect, it } from "vitest";
import { runEscalationReminders } from "../../src/jobs/run-escalation-reminders.ts";
import { useHarness } from "../support/app-harness.ts";
import {
  addRequester,
  fileAgedRequest,
  insertSubscriptionRequest,
  type TestStructure,
  withId,
} from "../support/pending-requests.ts";
import { makeSecondaryManager, principal, requester, seedStructure } from "../support/scenario.ts";

/** Monday 30 November 2026, 09:00 in Paris. */
const MONDAY = new Date("2026-11-30T08:00:00Z");
const TUESDAY = new Date("2026-12-01T08:00:00Z");

describe("the escalation reminders", () => {
  const h = useHarness();

  /** Runs the job with `escalationDays`, lets the outbox deliver, and returns what was posted. */
  async function reminders(now: Date, escalationDays = 5) {
    await h.settle();
    h.slack.reset();
    await runEscalationReminders(h.runtime.ctx, now, { escalationDays });
    await h.settle();
    return h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .map((args) => ({ channel: String(args.channel), text: JSON.stringify(args.blocks) }));
  }

  /** A structure with a secondary manager, and requests 12, 5, 4 and 0 days old on MONDAY. */
  async function structureWithAgedRequests(): Promise<TestStructure> {
    const structure = await withId(h, await seedStructure(h));
    await makeSecondaryManager(h, structure);
    await fileAgedRequest(h, structure, requester.email, new Date("2026-11-18T10:00:00Z"));
    await fileAgedRequest(h, structure, await addRequester(h, 1), new Date("2026-11-25T22:30:00Z"));
    await fileAgedRequest(h, structure, await addRequester(h, 2), new Date("2026-11-26T10:00:00Z"));
    await insertSubscriptionRequest(h, structure.id, requester.email, new Date("2026-11-30T07:30:00Z"));
    return structure;
  }

  it("reminds the principal manager only, by DM, of a structure's requests pending for 5 days or more, in one message", async () => {
    await structureWithAgedRequests();

    const posts = await reminders(MONDAY);

    expect(posts.map((post) => post.channel)).toEqual([`D${principal.slackId.slice(1)}`]);
    const text = posts[0]?.text ?? "";
    expect(text).toContain("2 demandes de la structure *Mairie de Saint-Exemple*");
    expect(text).toContain("attendent votre décision depuis 5 jours ou plus");
    expect(text).toContain("Demande de rattachement de René Demandeur");
    // Created on 25/11 at 23:30 in Paris: 5 days old on the 30th.
    expect(text).toContain("Demandeur Numéro 1> — reçue le 25/11/2026 (5 jours)");
    expect(text).not.toContain("Numéro 2");
    expect(text).not.toContain("Demande d'abonnement de");
  });

  it("reminds each request at most once a day, even when two runs meet, and again the next working day", async () => {
    const structure = await structureWithAgedRequests();

    await h.settle();
    h.slack.reset();
    await Promise.all([
      runEscalationReminders(h.runtime.ctx, MONDAY, { escalationDays: 5 }),
      runEscalationReminders(h.runtime.ctx, MONDAY, { escalationDays: 5 }),
    ]);
    await h.settle();
    expect(h.slack.callsTo("chat.postMessage", { okOnly: true })).toHaveLength(1);
    expect(await reminders(new Date("2026-11-30T14:00:00Z"))).toEqual([]);

    // A request becoming overdue later the same day is reminded alone.
    await insertSubscriptionRequest(
      h,
      structure.id,
      await addRequester(h, 3),
      new Date("2026-11-10T10:00:00Z"),
    );
    const later = await reminders(new Date("2026-11-30T15:00:00Z"));
    expect(later).toHaveLength(1);
    expect(later[0]?.text).toContain("Une demande de la structure");
    expect(later[0]?.text).toContain("Demande d'abonnement de Demandeur Numéro 3");

    const tuesday = await reminders(TUESDAY);
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]?.text).toContain("4 demandes de la structure");
  });

  it("follows the escalation setting", async () => {
    await structureWithAgedRequests();

    const posts = await reminders(MONDAY, 2);

    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain("3 demandes de la structure");
    expect(posts[0]?.text).toContain("depuis 2 jours ou plus");
  });

  it("reminds nobody on a public holiday", async () => {
    await structureWithAgedRequests();

    expect(await reminders(new Date("2026-12-25T08:00:00Z"))).toEqual([]);
    expect(await h.database.prisma.jobRun.count()).toBe(0);
  });
});
