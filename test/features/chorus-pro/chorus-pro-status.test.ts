import { describe, expect, it } from "vitest";
import { loadUserDetail } from "../../../src/services/accounts/search-users.ts";
import { userDetailModal } from "../../../src/slack/features/user-search/user-detail-modal.ts";
import { ActionIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import {
  attachRequesterTo,
  chorusProStructure,
  importBody,
  seedChorusPro,
  useFakePiste,
} from "../../support/chorus-pro.ts";
import { actorOf, principal, requester } from "../../support/scenario.ts";
import { blockActionsPayload, sendInteraction } from "../../support/slack-requests.ts";

describe("a user's status in Chorus Pro beside this app's", () => {
  const env: Record<string, string> = {};
  const piste = useFakePiste(env);
  const h = useHarness(env);

  /** Imported, with René attached here to RH while Chorus Pro validated him on COMPTA and deleted RH. */
  async function diverging() {
    h.slack.addUser({ id: principal.slackId, email: principal.email, realName: "Paule Principale" });
    seedChorusPro(piste(), {
      ...chorusProStructure(),
      attachments: [
        { email: requester.email, serviceCode: "COMPTA", status: "VALIDEE" },
        { email: requester.email, serviceCode: "RH", status: "SUPPRIMEE" },
      ],
    });
    expect((await h.api("POST", "/api/v1/structures/import", importBody())).status).toBe(201);
    const { structure, userId } = await attachRequesterTo(h, "RH");
    return { structureId: structure.id, userId };
  }

  /** Clicks a button of a modal and returns the view it ends with (the last views.update). */
  async function click(
    actionId: string,
    target: { structureId: string; userId: string },
    viewId = "VDETAIL001",
  ) {
    const updates = h.slack.callsTo("views.update").length;
    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: principal.slackId,
        actionId,
        value: JSON.stringify(target),
        view: { type: "modal", id: viewId },
      }),
    });
    expect(sent.status).toBe(200);
    await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.update").length > updates);
    const last = h.slack.callsTo("views.update").at(-1);
    return { viewId: String(last?.view_id), text: JSON.stringify(last?.view) };
  }

  it("offers « Statut dans Chorus Pro » in the user's detail, shows both sides and their difference, and aligns this app's attachment in one click", async () => {
    const target = await diverging();
    const detail = userDetailModal(
      h.runtime.ctx.messages,
      await loadUserDetail(h.runtime.ctx, await actorOf(h, principal), target.userId),
    );
    expect(JSON.stringify(detail)).toContain(ActionIds.chorusProStatusOpen);

    const status = await click(ActionIds.chorusProStatusOpen, target);
    expect(h.slack.callsTo("views.push")).toHaveLength(1);
    expect(status.text).toContain("Comptabilité (COMPTA) – validée");
    expect(status.text).toContain("Ressources humaines (RH) – supprimée");
    expect(status.text).toContain("Les deux diffèrent");
    expect(status.text).toContain(ActionIds.chorusProAlign);

    const aligned = await click(ActionIds.chorusProAlign, target, status.viewId);
    expect(aligned.text).toContain("Le rattachement d'ici reprend les services de Chorus Pro.");
    expect(aligned.text).toContain("Les deux concordent.");
    const held = await h.database.prisma.attachment.findMany({
      where: { userId: target.userId, status: "VALIDATED" },
      include: { service: true },
    });
    expect(held.map((attachment) => attachment.service?.code)).toEqual(["COMPTA"]);
    const line = await h.database.prisma.historyEntry.findFirstOrThrow({
      where: { action: "ATTACHMENT_UPDATED" },
    });
    expect(line.comment).toBe("Aligné sur Chorus Pro");
  });

  it("says « Chorus Pro injoignable » when Chorus Pro cannot be reached, and changes nothing", async () => {
    const target = await diverging();
    piste().failNext(50, { kind: "server-error", status: 502 });
    const status = await click(ActionIds.chorusProStatusOpen, target);
    expect(status.text).toContain("Chorus Pro injoignable");
    const aligned = await click(ActionIds.chorusProAlign, target, status.viewId);
    expect(aligned.text).toContain("Chorus Pro injoignable");
    const held = await h.database.prisma.attachment.findMany({
      where: { userId: target.userId, status: "VALIDATED" },
    });
    expect(held).toHaveLength(1);
  });
});
