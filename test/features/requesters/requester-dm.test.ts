import { describe, expect, it } from "vitest";
import { runBulkDecision } from "../../../src/services/requests/run-bulk-decision.ts";
import { useHarness } from "../../support/app-harness.ts";
import {
  fileRequest,
  principal,
  refuseInModal,
  requester,
  seedStructure,
  startPrincipalBulkRun,
  validateInModal,
} from "../../support/scenario.ts";

/** The DM channel the fake Slack opens with a user (conversations.open). */
const dmOf = (slackUserId: string) => `D${slackUserId.slice(1)}`;

describe("the requester is told in Slack", () => {
  const h = useHarness();

  const dmsTo = (slackUserId: string) =>
    h.slack
      .callsTo("chat.postMessage", { okOnly: true })
      .filter((args) => args.channel === dmOf(slackUserId))
      .map((args) => JSON.stringify(args.blocks));

  it("sends the requester a DM saying the decision, what it opened and who took it, beside the e-mail", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();

    await validateInModal(h, requestId, "SIMPLE_USER", []);
    await h.settle();

    const [dm, ...others] = dmsTo(requester.slackId);
    expect(others).toEqual([]);
    expect(dm).toContain(
      `Votre demande de rattachement à la structure Mairie de Saint-Exemple (${structure.identifier}) a été validée.`,
    );
    expect(dm).toContain("Rôle : Utilisateur simple");
    expect(dm).toContain(`Décision de <@${principal.slackId}>`);
    const mails = await h.smtp.waitForMessages(1);
    expect(mails.some((mail) => mail.to.includes(requester.email))).toBe(true);
  });

  it("tells a refusal with its reason", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();

    const refused = await refuseInModal(h, requestId, "Inconnu du service");
    expect(refused.json).toBeNull();
    await h.settle();

    const [dm] = dmsTo(requester.slackId);
    expect(dm).toContain("a été refusée.");
    expect(dm).toContain("Motif du refus : Inconnu du service");
  });

  it("sends one DM per requester after a bulk decision, listing each of their requests", async () => {
    const structure = await seedStructure(h, { seed: 41 });
    const other = await seedStructure(h, { seed: 42 });
    const first = await fileRequest(h, structure);
    const second = await fileRequest(h, other);
    await h.settle();

    await runBulkDecision(
      h.runtime.ctx,
      await startPrincipalBulkRun(h, { action: "VALIDATE" }, [first, second]),
    );
    await h.settle();

    const dms = dmsTo(requester.slackId);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain(structure.identifier);
    expect(dms[0]).toContain(other.identifier);
  });

  it("skips the DM of a requester Slack does not know, and still e-mails them", async () => {
    const structure = await seedStructure(h);
    const created = await h.api("POST", "/api/v1/users", {
      loginEmail: "hors.slack@exemple.fr",
      firstName: "Hors",
      lastName: "Slack",
    });
    expect(created.status).toBe(201);
    const requestId = await fileRequest(h, structure, { email: "hors.slack@exemple.fr" });
    await h.settle();
    const dmsBefore = h.slack
      .callsTo("chat.postMessage")
      .filter((args) => String(args.channel).startsWith("D"));

    await validateInModal(h, requestId, "SIMPLE_USER", []);
    await h.settle();

    const dmsAfter = h.slack
      .callsTo("chat.postMessage")
      .filter((args) => String(args.channel).startsWith("D"));
    expect(dmsAfter).toHaveLength(dmsBefore.length);
    const mails = await h.smtp.waitForMessages(1);
    expect(mails.some((mail) => mail.to.includes("hors.slack@exemple.fr"))).toBe(true);
  });
});
