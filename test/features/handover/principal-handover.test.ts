import { describe, expect, it } from "vitest";
import { messagesFor } from "../../../src/i18n/index.ts";
import { BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import { blocksOf, blockText, viewOf } from "../../support/fake-slack/index.ts";
import {
  commandAnswer,
  offeredCandidates,
  openModalWith,
  successorValues,
  updatedModalText,
} from "../../support/handover-steps.ts";
import { holdLock } from "../../support/locks.ts";
import {
  makeSecondaryManager,
  outsider,
  principal,
  requester,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";

const fr = messagesFor("fr");
const EMAIL_BLOCK = `${BlockIds.handoverSuccessorEmailPrefix}0`;

describe("the principal handover, keeping access", () => {
  const h = useHarness();

  /** The seeded structure with `secondary` as secondary manager and `requester` as simple user. */
  async function seedHandover() {
    const structure = await seedStructure(h);
    await makeSecondaryManager(h, structure);
    const { prisma } = h.database;
    const found = await prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } });
    const idOf = async (email: string) =>
      (await prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } })).id;
    const ids = {
      principal: await idOf(principal.email),
      secondary: await idOf(secondary.email),
      requester: await idOf(requester.email),
      outsider: await idOf(outsider.email),
    };
    await prisma.attachment.create({
      data: {
        userId: ids.requester,
        structureId: found.id,
        scopeKey: "*",
        role: "SIMPLE_USER",
        status: "VALIDATED",
        startDate: new Date("2026-02-01"),
      },
    });
    const label = `${structure.designation} (${structure.identifier})`;
    return { ...structure, id: found.id, label, ids };
  }

  async function principalsOf(structureId: string): Promise<string[]> {
    const attachments = await h.database.prisma.attachment.findMany({
      where: { structureId, role: "PRINCIPAL_MANAGER", status: "VALIDATED" },
      select: { userId: true },
      distinct: ["userId"],
    });
    return attachments.map((attachment) => attachment.userId);
  }

  function submitTransfer(
    userId: string,
    privateMetadata: string,
    designation: { email?: string; pick?: string },
  ) {
    return h.submitView({
      userId,
      callbackId: CallbackIds.transferPrincipalModal,
      privateMetadata,
      values: successorValues(0, designation),
    });
  }

  it("hands the role over to a user picked in the list: the former principal stays attached as simple user, with history, e-mail and Home refresh", async () => {
    const structure = await seedHandover();

    const modal = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);
    expect(modal.callback_id).toBe(CallbackIds.transferPrincipalModal);
    expect(offeredCandidates(modal, 0)).toEqual([structure.ids.requester, structure.ids.secondary]);

    const answer = await submitTransfer(principal.slackId, modal.private_metadata, {
      pick: structure.ids.requester,
    });

    expect(updatedModalText(answer)).toBe(fr.handover.transferred("René Demandeur", structure.label));
    expect(await principalsOf(structure.id)).toEqual([structure.ids.requester]);
    const { prisma } = h.database;
    expect(
      await prisma.attachment.findMany({
        where: {
          structureId: structure.id,
          userId: { in: [structure.ids.principal, structure.ids.requester] },
        },
        select: { userId: true, scopeKey: true, role: true, status: true },
        orderBy: { role: "asc" },
      }),
    ).toEqual([
      { userId: structure.ids.requester, scopeKey: "*", role: "PRINCIPAL_MANAGER", status: "VALIDATED" },
      { userId: structure.ids.principal, scopeKey: "*", role: "SIMPLE_USER", status: "VALIDATED" },
    ]);
    const history = await prisma.historyEntry.findMany({
      where: { structureId: structure.id, action: "PRINCIPAL_TRANSFERRED" },
    });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      actorId: structure.ids.principal,
      actorSlackUserId: principal.slackId,
      targetUserId: structure.ids.requester,
    });
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail?.to).toEqual([requester.email]);
    expect(mail?.subject).toBe(fr.handover.emailSubject(structure.label));
    expect(mail?.text).toContain(fr.handover.emailBody(structure.label, "Paule Principale"));
    expect(mail?.text).toContain("Espaces ouverts : Activités du gestionnaire");
    // The manager's space follows the role: opened to the successor, closed to the former principal.
    expect(
      await prisma.subscription.findMany({
        where: { structureId: structure.id, space: "ACTIVITES_GESTIONNAIRE" },
        select: { userId: true, status: true },
        orderBy: { status: "asc" },
      }),
    ).toEqual([
      { userId: structure.ids.requester, status: "ACTIVE" },
      { userId: structure.ids.principal, status: "DEACTIVATED" },
    ]);
    await h.settle();
    const published = h.slack.callsTo("views.publish", { okOnly: true }).map((call) => call.user_id);
    expect(published).toEqual(expect.arrayContaining([principal.slackId, requester.slackId]));
    expect(JSON.stringify(h.slack.homeViews.get(principal.slackId))).toContain(fr.home.noStructure);
    expect(await commandAnswer(h, principal.slackId, `transferer ${structure.identifier}`)).toBe(
      fr.handover.notPrincipal(structure.label, "René Demandeur"),
    );
  });

  it("designates the new principal by the login e-mail typed in, whatever its case and spaces", async () => {
    const structure = await seedHandover();
    const modal = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);

    const answer = await submitTransfer(principal.slackId, modal.private_metadata, {
      email: "  SAMI.Second@exemple.fr ",
    });

    expect(updatedModalText(answer)).toBe(fr.handover.transferred("Sami Second", structure.label));
    expect(await principalsOf(structure.id)).toEqual([structure.ids.secondary]);
    const roles = await h.database.prisma.attachment.findMany({
      where: { structureId: structure.id, userId: structure.ids.secondary },
      select: { role: true },
    });
    expect(roles).toEqual([{ role: "PRINCIPAL_MANAGER" }]);
  });

  it("answers a field error and changes nothing for a successor who is inactive, unattached, unknown, ambiguous, missing or oneself", async () => {
    const structure = await seedHandover();
    const modal = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);
    await h.database.prisma.userAccount.update({
      where: { id: structure.ids.requester },
      data: { status: "DEACTIVATED", deactivatedAt: new Date() },
    });
    const cases: [{ email?: string; pick?: string }, string][] = [
      [{}, fr.handover.successorRequired],
      [{ email: outsider.email }, fr.handover.successorNotAttached(outsider.email)],
      [{ email: requester.email }, fr.handover.successorInactive(requester.email)],
      [{ pick: structure.ids.requester }, fr.handover.successorInactive(requester.email)],
      [{ email: "personne@exemple.fr" }, fr.errors.userNotFound("personne@exemple.fr")],
      [{ email: secondary.email, pick: structure.ids.requester }, fr.handover.successorAmbiguous],
      [{ email: principal.email }, fr.handover.successorIsSelf],
    ];

    for (const [designation, message] of cases) {
      const answer = await submitTransfer(principal.slackId, modal.private_metadata, designation);
      expect(answer.json).toEqual({ response_action: "errors", errors: { [EMAIL_BLOCK]: message } });
    }

    expect(await principalsOf(structure.id)).toEqual([structure.ids.principal]);
    expect(await h.database.prisma.historyEntry.count({ where: { action: "PRINCIPAL_TRANSFERRED" } })).toBe(
      0,
    );
    await h.settle();
    expect(h.smtp.messages).toHaveLength(0);
  });

  it("says which successor is refused and why in the modal once the check ends, when it outlasts Slack's ack deadline (the successor's account held by another session)", async () => {
    const structure = await seedHandover();
    const modal = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);
    const release = await holdLock(
      h.database.prisma,
      (tx) =>
        tx.$queryRaw`SELECT "id" FROM "UserAccount" WHERE "id" = ${structure.ids.outsider}::uuid FOR UPDATE`,
    );
    let answer: Awaited<ReturnType<typeof submitTransfer>>;
    try {
      answer = await submitTransfer(principal.slackId, modal.private_metadata, { email: outsider.email });
    } finally {
      await release();
    }

    expect(updatedModalText(answer)).toBe(fr.handover.inProgress);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.update"));
    const [shown] = blocksOf(viewOf(h.slack.callsTo("views.update", { okOnly: true }).at(-1)));
    expect(shown ? blockText(shown) : "").toBe(
      `${fr.errors.invalidInput}\n• ${fr.handover.successorNotAttached(outsider.email)}`,
    );
    expect(await principalsOf(structure.id)).toEqual([structure.ids.principal]);
  });

  it("refuses the handover to a secondary manager or anyone else, from the command and from a forged submission", async () => {
    const structure = await seedHandover();
    const refusal = fr.handover.notPrincipal(structure.label, "Paule Principale");

    expect(await commandAnswer(h, secondary.slackId, `transferer ${structure.identifier}`)).toBe(refusal);
    // An outsider is not told who the principal is.
    expect(await commandAnswer(h, outsider.slackId, `transferer ${structure.identifier}`)).toBe(
      fr.errors.notManager(structure.label),
    );
    expect(h.slack.callsTo("views.open")).toHaveLength(0);
    const forged = await submitTransfer(secondary.slackId, JSON.stringify({ structureIds: [structure.id] }), {
      pick: structure.ids.requester,
    });

    expect(updatedModalText(forged)).toBe(refusal);
    expect(await principalsOf(structure.id)).toEqual([structure.ids.principal]);
    expect(await commandAnswer(h, principal.slackId, "transferer")).toBe(fr.handover.transferUsage);
    expect(await commandAnswer(h, principal.slackId, "transferer 00000000000000")).toBe(
      fr.errors.structureNotFound("00000000000000"),
    );
  });

  it("keeps exactly one principal when two handovers of the same structure race, and tells the loser", async () => {
    const structure = await seedHandover();
    const modal = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);

    const answers = await Promise.all([
      submitTransfer(principal.slackId, modal.private_metadata, { pick: structure.ids.requester }),
      submitTransfer(principal.slackId, modal.private_metadata, { pick: structure.ids.secondary }),
    ]);

    const principals = await principalsOf(structure.id);
    expect(principals).toHaveLength(1);
    const winner = principals[0] === structure.ids.requester ? "René Demandeur" : "Sami Second";
    expect(answers.map(updatedModalText).sort()).toEqual(
      [
        fr.handover.transferred(winner, structure.label),
        fr.handover.notPrincipal(structure.label, winner),
      ].sort(),
    );
    expect(await h.database.prisma.historyEntry.count({ where: { action: "PRINCIPAL_TRANSFERRED" } })).toBe(
      1,
    );
    await h.smtp.waitForMessages(1);
    await h.settle();
    expect(h.smtp.messages).toHaveLength(1);
  });
});
