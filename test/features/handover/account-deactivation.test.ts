import { afterEach, describe, expect, it } from "vitest";
import { formatDate, messagesFor } from "../../../src/i18n/index.ts";
import { BlockIds, CallbackIds } from "../../../src/slack/ids.ts";
import { useHarness } from "../../support/app-harness.ts";
import {
  commandAnswer,
  offeredCandidates,
  openModalWith,
  successorValues,
  updatedModalText,
} from "../../support/handover-steps.ts";
import {
  makeSecondaryManager,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";
import type { SlackStateValues } from "../../support/slack-requests.ts";

const fr = messagesFor("fr");
const DAY_MS = 24 * 60 * 60 * 1000;

describe("the account deactivation and reactivation", () => {
  const h = useHarness();

  /** The app's clock, moved by the tests (the outbox keeps the real one). */
  function setClock(at: Date): void {
    h.runtime.ctx.now = () => at;
  }
  afterEach(() => {
    h.runtime.ctx.now = () => new Date();
  });

  async function idOf(email: string): Promise<string> {
    return (await h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: email } })).id;
  }

  async function structureOf(seeded: SeededStructure) {
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: seeded.identifier },
    });
    return { ...seeded, id: found.id, label: `${seeded.designation} (${seeded.identifier})` };
  }

  async function attachSimpleUser(structureId: string, email: string): Promise<void> {
    await h.database.prisma.attachment.create({
      data: {
        userId: await idOf(email),
        structureId,
        scopeKey: "*",
        role: "SIMPLE_USER",
        status: "VALIDATED",
        startDate: new Date("2026-02-01"),
      },
    });
  }

  async function principalsOf(structureId: string): Promise<string[]> {
    const attachments = await h.database.prisma.attachment.findMany({
      where: { structureId, role: "PRINCIPAL_MANAGER", status: "VALIDATED" },
      select: { userId: true },
      distinct: ["userId"],
    });
    return attachments.map((attachment) => attachment.userId);
  }

  function submitDeactivation(userId: string, privateMetadata: string, values: SlackStateValues = {}) {
    return h.submitView({ userId, callbackId: CallbackIds.deactivateAccountModal, privateMetadata, values });
  }

  function metadataOf(modal: { private_metadata: string }): string[] {
    return (JSON.parse(modal.private_metadata) as { structureIds: string[] }).structureIds;
  }

  it("deactivates at once, after confirmation, a manager who is principal of no structure; the other commands then refuse the account", async () => {
    const structure = await structureOf(await seedStructure(h));
    await makeSecondaryManager(h, structure);
    const at = new Date("2026-11-28T10:00:00Z");
    setClock(at);

    const modal = await openModalWith(h, secondary.slackId, "desactiver");
    expect(modal.callback_id).toBe(CallbackIds.deactivateAccountModal);
    expect(JSON.stringify(modal.blocks)).toContain(fr.handover.principalNowhere);
    expect(modal.blocks.filter((block) => block.type === "input")).toEqual([]);
    const answer = await submitDeactivation(secondary.slackId, modal.private_metadata);

    const until = new Date(at.getTime() + 60 * DAY_MS);
    expect(updatedModalText(answer)).toBe(fr.handover.deactivated(formatDate(fr, until)));
    expect(formatDate(fr, until)).toBe("27/01/2027");
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: secondary.email },
      include: { attachments: { select: { role: true, status: true } } },
    });
    expect(account).toMatchObject({ status: "DEACTIVATED", deactivatedAt: at });
    expect(account.attachments).toEqual([{ role: "SECONDARY_MANAGER", status: "VALIDATED" }]);
    const history = await h.database.prisma.historyEntry.findMany({
      where: { action: "ACCOUNT_DEACTIVATED" },
    });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      structureId: structure.id,
      actorId: account.id,
      targetUserId: account.id,
    });
    const refused = fr.errors.noAccountForSlackUser(secondary.email);
    expect(await commandAnswer(h, secondary.slackId, `exporter ${structure.identifier}`)).toBe(refused);
    expect(await commandAnswer(h, secondary.slackId, "desactiver")).toBe(refused);
    expect(await commandAnswer(h, secondary.slackId, `transferer ${structure.identifier}`)).toBe(refused);
  });

  it("requires a new principal for every structure the caller is principal of, answers a field error per structure, then hands them all over and deactivates the account", async () => {
    const first = await structureOf(await seedStructure(h, { seed: 1111 }));
    const second = await structureOf(await seedStructure(h, { seed: 2222 }));
    await attachSimpleUser(first.id, requester.email);
    await makeSecondaryManager(h, second);
    const principalId = await idOf(principal.email);
    const [requesterId, secondaryId] = [await idOf(requester.email), await idOf(secondary.email)];

    const modal = await openModalWith(h, principal.slackId, "desactiver");
    const order = metadataOf(modal);
    expect([...order].sort()).toEqual([first.id, second.id].sort());
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain(fr.handover.successorsIntro(2));
    expect(shown).toContain(`(${first.identifier})`);
    expect(shown).toContain(`(${second.identifier})`);
    const at = (structureId: string) => order.indexOf(structureId);
    expect(offeredCandidates(modal, at(first.id))).toEqual([requesterId]);
    expect(offeredCandidates(modal, at(second.id))).toEqual([secondaryId]);
    const submitWith = (designations: Record<string, { email?: string; pick?: string }>) =>
      submitDeactivation(
        principal.slackId,
        modal.private_metadata,
        Object.assign(
          {},
          ...Object.entries(designations).map(([id, designation]) => successorValues(at(id), designation)),
        ),
      );
    const emailBlock = (structureId: string) => `${BlockIds.handoverSuccessorEmailPrefix}${at(structureId)}`;

    const unattached = await submitWith({
      [first.id]: { pick: requesterId },
      [second.id]: { email: requester.email },
    });
    const missing = await submitWith({ [first.id]: {}, [second.id]: { email: secondary.email } });

    expect(unattached.json).toEqual({
      response_action: "errors",
      errors: { [emailBlock(second.id)]: fr.handover.successorNotAttached(requester.email) },
    });
    expect(missing.json).toEqual({
      response_action: "errors",
      errors: { [emailBlock(first.id)]: fr.handover.successorRequired },
    });
    expect(await principalsOf(first.id)).toEqual([principalId]);
    expect(await principalsOf(second.id)).toEqual([principalId]);
    expect(
      (await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: principalId } })).status,
    ).toBe("ACTIVE");

    const done = await submitWith({
      [first.id]: { pick: requesterId },
      [second.id]: { email: secondary.email },
    });

    expect(updatedModalText(done)).toContain("Votre compte est désactivé.");
    expect(await principalsOf(first.id)).toEqual([requesterId]);
    expect(await principalsOf(second.id)).toEqual([secondaryId]);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { id: principalId },
      include: { attachments: { select: { structureId: true, role: true, status: true } } },
    });
    expect(account.status).toBe("DEACTIVATED");
    expect(account.attachments).toHaveLength(2);
    expect(account.attachments).toEqual(
      expect.arrayContaining([
        { structureId: first.id, role: "SIMPLE_USER", status: "VALIDATED" },
        { structureId: second.id, role: "SIMPLE_USER", status: "VALIDATED" },
      ]),
    );
    for (const structure of [first, second]) {
      const actions = await h.database.prisma.historyEntry.findMany({
        where: { structureId: structure.id, actorId: principalId },
        select: { action: true },
      });
      // The successor gets the manager's space; the former principal, a simple user now, loses it.
      expect(actions.map(({ action }) => action).sort()).toEqual([
        "ACCOUNT_DEACTIVATED",
        "DEFAULT_SUBSCRIPTIONS_GRANTED",
        "PRINCIPAL_TRANSFERRED",
        "SUBSCRIPTION_DEACTIVATED",
      ]);
    }
    const mails = await h.smtp.waitForMessages(2);
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual([requester.email, secondary.email].sort());
    expect(mails.map((mail) => mail.subject)).toContain(fr.handover.emailSubject(first.label));
  });

  it("hands 32 structures over to one successor for all, named in one field, and tells which structure a bad successor does not fit", async () => {
    const { prisma } = h.database;
    const seeded = await structureOf(await seedStructure(h, { seed: 3333 }));
    const principalId = await idOf(principal.email);
    const secondaryId = await idOf(secondary.email);
    const more = Array.from({ length: 31 }, (_, index) => ({
      identifier: `PLUS${String(index).padStart(3, "0")}`,
      designation: `Structure ${String(index).padStart(3, "0")}`,
      designationKey: `structure ${String(index).padStart(3, "0")}`,
      kind: "PRIVEE" as const,
    }));
    await prisma.structure.createMany({ data: more });
    const ids = [
      seeded.id,
      ...(await prisma.structure.findMany({ where: { identifier: { startsWith: "PLUS" } } })).map(
        (s) => s.id,
      ),
    ];
    const attachAll = (userId: string, role: "PRINCIPAL_MANAGER" | "SIMPLE_USER", structureIds: string[]) =>
      prisma.attachment.createMany({
        data: structureIds.map((structureId) => ({
          userId,
          structureId,
          scopeKey: "*",
          role,
          startDate: new Date("2026-02-01"),
        })),
      });
    await attachAll(principalId, "PRINCIPAL_MANAGER", ids.slice(1));
    // The successor is attached to every structure but the last one, at first.
    await attachAll(secondaryId, "SIMPLE_USER", ids.slice(0, -1));

    const modal = await openModalWith(h, principal.slackId, "desactiver");
    const shown = JSON.stringify(modal.blocks);
    expect(metadataOf(modal)).toEqual([]);
    expect(shown).toContain(fr.handover.tooManyToList(32, 30));
    expect(shown).toContain(fr.handover.successorForAll);
    const forAll = {
      [BlockIds.handoverSuccessorForAll]: {
        handover_successor_all_input: { type: "plain_text_input", value: secondary.email },
      },
    };

    const refused = await submitDeactivation(principal.slackId, modal.private_metadata, forAll);
    const notFitting = `Structure 030 (PLUS030) : ${fr.handover.successorNotAttached(secondary.email)}`;
    // Checked within Slack's deadline, the error is under the field; past it (a machine busy with
    // other work), the modal names it once the check ends. Either way, the same structure and reason.
    if ((refused.json as { response_action?: string }).response_action === "update") {
      expect(updatedModalText(refused)).toBe(fr.handover.inProgress);
      await h.slack.waitFor(
        () =>
          h.slack
            .callsTo("views.update", { okOnly: true })
            .some((call) => JSON.stringify(call.view).includes(JSON.stringify(notFitting).slice(1, -1))),
        60_000,
      );
    } else {
      expect(refused.json).toEqual({
        response_action: "errors",
        errors: { [BlockIds.handoverSuccessorForAll]: notFitting },
      });
    }
    expect(await principalsOf(seeded.id)).toEqual([principalId]);

    await attachAll(secondaryId, "SIMPLE_USER", ids.slice(-1));
    const done = await submitDeactivation(principal.slackId, modal.private_metadata, forAll);

    // Past the ack deadline, the modal says so, then shows the outcome.
    const answered = updatedModalText(done);
    if (answered === fr.handover.inProgress) {
      // 32 handovers in one transaction take seconds on a busy machine.
      await h.slack.waitFor(
        () =>
          h.slack
            .callsTo("views.update", { okOnly: true })
            .some((call) => JSON.stringify(call.view).includes("Votre compte est désactivé.")),
        60_000,
      );
    } else {
      expect(answered).toContain("Votre compte est désactivé.");
    }
    for (const structureId of ids) expect(await principalsOf(structureId)).toEqual([secondaryId]);
    expect((await prisma.userAccount.findUniqueOrThrow({ where: { id: principalId } })).status).toBe(
      "DEACTIVATED",
    );
  });

  it("refuses to deactivate the principal of a public structure going through the PIGP, even from a modal opened before, and leaves everything as it was", async () => {
    const structure = await structureOf(await seedStructure(h));
    await makeSecondaryManager(h, structure);
    const modal = await openModalWith(h, principal.slackId, "desactiver");
    const marked = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, { viaPigp: true });
    expect([marked.status, marked.json.viaPigp]).toEqual([200, true]);
    const refusal = fr.handover.deactivationRefusedPigp(`Mairie de Saint-Exemple (${structure.identifier})`);

    const answer = await submitDeactivation(
      principal.slackId,
      modal.private_metadata,
      successorValues(0, { pick: await idOf(secondary.email) }),
    );

    expect(updatedModalText(answer)).toBe(refusal);
    expect(await commandAnswer(h, principal.slackId, "desactiver")).toBe(refusal);
    expect(
      (await h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: principal.email } }))
        .status,
    ).toBe("ACTIVE");
    expect(await principalsOf(structure.id)).toEqual([await idOf(principal.email)]);
    // Off the PIGP again, the same deactivation goes through.
    await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, { viaPigp: false });
    const reopened = await openModalWith(h, principal.slackId, "desactiver");
    await submitDeactivation(
      principal.slackId,
      reopened.private_metadata,
      successorValues(0, { pick: await idOf(secondary.email) }),
    );
    expect(await principalsOf(structure.id)).toEqual([await idOf(secondary.email)]);
  });

  it("reactivates the account on day 59 after its deactivation and refuses it on day 61", async () => {
    const structure = await structureOf(await seedStructure(h));
    await makeSecondaryManager(h, structure);
    const deactivate = async (at: Date) => {
      setClock(at);
      const modal = await openModalWith(h, secondary.slackId, "desactiver");
      expect(updatedModalText(await submitDeactivation(secondary.slackId, modal.private_metadata))).toContain(
        "Votre compte est désactivé.",
      );
    };
    const firstDeactivation = new Date("2026-11-28T10:00:00Z");
    await deactivate(firstDeactivation);

    const day59 = new Date(firstDeactivation.getTime() + 59 * DAY_MS);
    setClock(day59);
    expect(await commandAnswer(h, secondary.slackId, "reactiver")).toBe(fr.handover.reactivated);

    expect(
      await h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: secondary.email } }),
    ).toMatchObject({ status: "ACTIVE", deactivatedAt: null });
    expect(
      await h.database.prisma.historyEntry.findMany({ where: { action: "ACCOUNT_REACTIVATED" } }),
    ).toMatchObject([{ structureId: structure.id, actorSlackUserId: secondary.slackId }]);
    expect(await commandAnswer(h, secondary.slackId, "reactiver")).toBe(fr.handover.notDeactivated);

    await deactivate(day59);
    setClock(new Date(day59.getTime() + 61 * DAY_MS));
    expect(await commandAnswer(h, secondary.slackId, "reactiver")).toBe(
      fr.handover.reactivationExpired(formatDate(fr, day59), 60),
    );
    expect(
      (await h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: secondary.email } }))
        .status,
    ).toBe("DEACTIVATED");
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ACCOUNT_REACTIVATED" } })).toBe(1);
  });

  it("keeps exactly one principal when a handover races the principal's own deactivation", async () => {
    const structure = await structureOf(await seedStructure(h));
    await makeSecondaryManager(h, structure);
    await attachSimpleUser(structure.id, requester.email);
    const [principalId, requesterId, secondaryId] = [
      await idOf(principal.email),
      await idOf(requester.email),
      await idOf(secondary.email),
    ];
    const transfer = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);
    const deactivation = await openModalWith(h, principal.slackId, "desactiver");

    const [transferred, deactivated] = await Promise.all([
      h.submitView({
        userId: principal.slackId,
        callbackId: CallbackIds.transferPrincipalModal,
        privateMetadata: transfer.private_metadata,
        values: successorValues(0, { pick: requesterId }),
      }),
      submitDeactivation(
        principal.slackId,
        deactivation.private_metadata,
        successorValues(0, { pick: secondaryId }),
      ),
    ]);

    const principals = await principalsOf(structure.id);
    expect(principals).toHaveLength(1);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: principalId } });
    if (principals[0] === requesterId) {
      expect(updatedModalText(transferred)).toBe(fr.handover.transferred("René Demandeur", structure.label));
      expect(updatedModalText(deactivated)).toBe(fr.handover.structuresChanged);
      expect(account.status).toBe("ACTIVE");
    } else {
      expect(principals).toEqual([secondaryId]);
      expect(updatedModalText(deactivated)).toContain("Votre compte est désactivé.");
      expect(updatedModalText(transferred)).toBe(fr.handover.notPrincipal(structure.label, "Sami Second"));
      expect(account.status).toBe("DEACTIVATED");
    }
  });

  it("never leaves a deactivated principal when a handover to a user races that user's own deactivation", async () => {
    const structure = await structureOf(await seedStructure(h));
    await attachSimpleUser(structure.id, requester.email);
    const requesterId = await idOf(requester.email);
    const transfer = await openModalWith(h, principal.slackId, `transferer ${structure.identifier}`);
    const deactivation = await openModalWith(h, requester.slackId, "desactiver");

    const [transferred, deactivated] = await Promise.all([
      h.submitView({
        userId: principal.slackId,
        callbackId: CallbackIds.transferPrincipalModal,
        privateMetadata: transfer.private_metadata,
        values: successorValues(0, { pick: requesterId }),
      }),
      submitDeactivation(requester.slackId, deactivation.private_metadata),
    ]);

    const principals = await principalsOf(structure.id);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: requesterId } });
    if (account.status === "ACTIVE") {
      expect(principals).toEqual([requesterId]);
      expect(updatedModalText(transferred)).toBe(fr.handover.transferred("René Demandeur", structure.label));
      expect(updatedModalText(deactivated)).toBe(fr.handover.structuresChanged);
    } else {
      expect(principals).toEqual([await idOf(principal.email)]);
      expect(updatedModalText(deactivated)).toContain("Votre compte est désactivé.");
      expect(transferred.json).toEqual({
        response_action: "errors",
        errors: {
          [`${BlockIds.handoverSuccessorEmailPrefix}0`]: fr.handover.successorInactive(requester.email),
        },
      });
    }
  });
});
