import { describe, expect, it } from "vitest";
import { onceAWorkingDay } from "../../../src/domain/working-days.ts";
import { ActionIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { blocksOf, lastModal } from "../../support/fake-slack/index.ts";
import {
  fileRequest,
  outsider,
  principal,
  refuseInModal,
  requester,
  type SeededStructure,
  seedStructure,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("a requester's « Relancer », once per working day", () => {
  it("allows the first reminder, refuses another the same day or over the weekend, and allows it the next working day", () => {
    const friday = new Date("2026-12-04T10:00:00Z");
    expect(onceAWorkingDay(null, friday)).toEqual({ allowed: true });
    expect(onceAWorkingDay(friday, new Date("2026-12-04T16:00:00Z"))).toEqual({
      allowed: false,
      from: day("2026-12-07"),
    });
    expect(onceAWorkingDay(friday, new Date("2026-12-05T10:00:00Z")).allowed).toBe(false);
    expect(onceAWorkingDay(friday, new Date("2026-12-07T08:00:00Z"))).toEqual({ allowed: true });
    // Christmas Eve (Thursday): Friday 25 is a holiday, so the next working day is Monday 28.
    expect(onceAWorkingDay(new Date("2026-12-24T10:00:00Z"), new Date("2026-12-26T10:00:00Z"))).toEqual({
      allowed: false,
      from: day("2026-12-28"),
    });
  });
});

describe("« Mes demandes » on the requester's Home tab", () => {
  const h = useHarness();

  async function openHome(userId: string) {
    const before = h.slack.callsTo("views.publish").length;
    await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      event: { type: "app_home_opened", user: userId, channel: `D${userId.slice(1)}`, tab: "home" },
    });
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.publish").length > before);
    return JSON.stringify(h.slack.homeViews.get(userId));
  }

  /**
   * Clicks a « Mes demandes » button and returns the text of the modal that tells the outcome, once
   * the Home tab is published again (the click's last step).
   */
  async function click(userId: string, actionId: string, request: { type: string; id: string }) {
    const before = h.slack.callsTo("views.open").length;
    const published = h.slack.callsTo("views.publish").length;
    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId,
        actionId,
        value: JSON.stringify({ type: request.type, requestId: request.id }),
        view: { type: "home", id: "VHOMETAB01" },
      }),
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor(
      (calls) =>
        calls.filter((call) => call.method === "views.open").length > before &&
        calls.filter((call) => call.method === "views.publish").length > published,
    );
    return JSON.stringify(blocksOf(lastModal(h.slack, "views.open")));
  }

  async function refuse(requestId: string, reason: string) {
    const answer = await refuseInModal(h, requestId, reason);
    expect(answer.json).toBeNull();
    await h.settle();
  }

  async function twoStructures(): Promise<[SeededStructure, SeededStructure]> {
    return [await seedStructure(h, { seed: 51 }), await seedStructure(h, { seed: 52 })];
  }

  it("lists the requester's requests with their status, date, who decided and the refusal reason, and offers Relancer and Annuler while one waits", async () => {
    const [first, second] = await twoStructures();
    const refused = await fileRequest(h, first);
    await fileRequest(h, second);
    await h.settle();
    await refuse(refused, "Inconnu du service");

    const home = await openHome(requester.slackId);
    expect(home).toContain("Mes demandes");
    expect(home).toContain(`*Demande de rattachement* — Mairie de Saint-Exemple (${first.identifier})`);
    expect(home).toContain(`Refusée par <@${principal.slackId}> le`);
    expect(home).toContain("Motif du refus : Inconnu du service");
    expect(home).toContain("En attente");
    expect(home.match(new RegExp(ActionIds.myRequestCancel, "g"))).toHaveLength(1);
    expect(home.match(new RegExp(ActionIds.myRequestRemind, "g"))).toHaveLength(1);
  });

  it("withdraws a pending request: every copy of its message says so, the history records it, and acting on it again is refused", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const ref = { type: "attachment", id: requestId };

    const told = await click(requester.slackId, ActionIds.myRequestCancel, ref);
    expect(told).toContain("Votre demande est annulée");
    await h.settle();
    const request = await h.database.prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ status: "CANCELLED", pendingKey: null });
    expect(await h.database.prisma.historyEntry.count({ where: { action: "REQUEST_CANCELLED" } })).toBe(1);
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    expect(JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks)).toContain(
      "Annulée par le demandeur le",
    );
    // The requester did it: no e-mail to them.
    expect(h.smtp.messages.filter((mail) => mail.to.includes(requester.email))).toHaveLength(0);

    expect(await click(requester.slackId, ActionIds.myRequestCancel, ref)).toContain(
      "Cette demande a été annulée par le demandeur le",
    );
    expect(await h.database.prisma.historyEntry.count({ where: { action: "REQUEST_CANCELLED" } })).toBe(1);
    // A manager deciding it now is told too.
    const late = await refuseInModal(h, requestId, "Trop tard");
    expect(JSON.stringify(late.json)).toContain("annulée par le demandeur");
    // The requester may ask again.
    expect(await fileRequest(h, structure)).toBeTruthy();
  });

  it("refuses to act on someone else's request, and writes nothing", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    for (const actionId of [ActionIds.myRequestCancel, ActionIds.myRequestRemind]) {
      expect(await click(outsider.slackId, actionId, { type: "attachment", id: requestId })).toContain(
        "Cette demande n'est pas l'une des vôtres.",
      );
    }
    expect(
      await h.database.prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } }),
    ).toMatchObject({
      status: "PENDING",
      remindedAt: null,
    });
    expect(
      await h.database.prisma.historyEntry.count({
        where: { action: { in: ["REQUEST_CANCELLED", "REQUEST_REMINDED"] } },
      }),
    ).toBe(0);
  });

  it("reminds the managers in the thread of the request's message, once per working day", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const ref = { type: "attachment", id: requestId };
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });

    expect(await click(requester.slackId, ActionIds.myRequestRemind, ref)).toContain(
      "Vos gestionnaires sont relancés",
    );
    await h.settle();
    const replies = () =>
      h.slack.callsTo("chat.postMessage", { okOnly: true }).filter((args) => args.thread_ts === shown.ts);
    expect(replies()).toHaveLength(1);
    expect(String(replies()[0]?.text)).toContain(
      `<@${requester.slackId}> relance sa demande de rattachement du`,
    );
    expect(replies()[0]?.channel).toBe(shown.channelId);

    expect(await click(requester.slackId, ActionIds.myRequestRemind, ref)).toContain(
      "Vous avez déjà relancé cette demande : vous pourrez la relancer de nouveau à partir du",
    );
    expect(await h.database.prisma.historyEntry.count({ where: { action: "REQUEST_REMINDED" } })).toBe(1);

    // A week later, it may be reminded again.
    await h.database.prisma.attachmentRequest.update({
      where: { id: requestId },
      data: { remindedAt: new Date(Date.now() - 7 * 86_400_000) },
    });
    expect(await click(requester.slackId, ActionIds.myRequestRemind, ref)).toContain(
      "Vos gestionnaires sont relancés",
    );
    await h.settle();
    expect(replies()).toHaveLength(2);
  });

  it("lets exactly one of a withdrawal and a refusal made at the same moment through, and tells the other", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();

    const [told, refusal] = await Promise.all([
      click(requester.slackId, ActionIds.myRequestCancel, { type: "attachment", id: requestId }),
      refuseInModal(h, requestId, "Non"),
    ]);
    const { status } = await h.database.prisma.attachmentRequest.findUniqueOrThrow({
      where: { id: requestId },
    });
    const decisions = await h.database.prisma.historyEntry.count({
      where: { action: { in: ["REQUEST_CANCELLED", "ATTACHMENT_REFUSED"] } },
    });
    expect(decisions).toBe(1);
    if (status === "CANCELLED") {
      expect(told).toContain("Votre demande est annulée");
      expect(JSON.stringify(refusal.json)).toContain("annulée par le demandeur");
    } else {
      expect(status).toBe("REFUSED");
      expect(refusal.json).toBeNull();
      expect(told).toContain("déjà été traitée");
    }
  });
});
