import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scopeKeyOf } from "../../../src/domain/attachment-scope.ts";
import { messagesFor } from "../../../src/i18n/index.ts";
import { detachUsers } from "../../../src/services/accounts/detach-users.ts";
import { validateSubscriptionRequest } from "../../../src/services/requests/validate-subscription-request.ts";
import { useHarness } from "../../support/app-harness.ts";
import { insertSubscriptionRequest } from "../../support/pending-requests.ts";
import {
  makeSecondaryManager,
  outsider,
  type Person,
  principal,
  requester,
  type SeededStructure,
  secondary,
  seedStructure,
} from "../../support/scenario.ts";

const fr = messagesFor("fr");

describe("detaching users from a structure", () => {
  const h = useHarness();

  async function accountOf(person: Person) {
    return h.database.prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: person.email } });
  }

  async function actorOf(person: Person) {
    const account = await accountOf(person);
    return {
      accountId: account.id,
      name: `${person.firstName} ${person.lastName}`,
      slackUserId: person.slackId,
      teamId: null,
    };
  }

  /**
   * The seeded structure (services RH and COMPTA) with `secondary` as secondary manager and
   * `requester` attached to the whole structure and to RH, subscribed to two spaces (one of them
   * per service) with one subscription already deactivated; `requester` is also attached to a second
   * structure, which no detach may touch.
   */
  async function seedAttachedRequester(): Promise<SeededStructure & { id: string; otherId: string }> {
    const structure = await seedStructure(h, {
      services: [
        { code: "RH", label: "Ressources humaines" },
        { code: "COMPTA", label: "Comptabilité" },
      ],
    });
    await makeSecondaryManager(h, structure);
    const other = await seedStructure(h, { seed: 7654321 });
    const { prisma } = h.database;
    const found = await prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
      include: { services: { orderBy: { code: "asc" } } },
    });
    const otherId = (await prisma.structure.findUniqueOrThrow({ where: { identifier: other.identifier } }))
      .id;
    const rh = found.services.find((service) => service.code === "RH");
    if (!rh) throw new Error("no RH service");
    const userId = (await accountOf(requester)).id;
    const startDate = new Date("2026-02-01");
    await prisma.attachment.createMany({
      data: [
        { userId, structureId: found.id, scopeKey: scopeKeyOf(null), startDate },
        { userId, structureId: found.id, serviceId: rh.id, scopeKey: scopeKeyOf(rh.id), startDate },
        { userId, structureId: otherId, scopeKey: scopeKeyOf(null), startDate },
      ],
    });
    await prisma.subscription.createMany({
      data: [
        { userId, structureId: found.id, scopeKey: scopeKeyOf(null), space: "FACTURES_EMISES" },
        {
          userId,
          structureId: found.id,
          serviceId: rh.id,
          scopeKey: scopeKeyOf(rh.id),
          space: "FACTURES_RECUES",
          access: "CONSULTATION",
        },
        {
          userId,
          structureId: found.id,
          scopeKey: scopeKeyOf(null),
          space: "ENGAGEMENTS",
          status: "DEACTIVATED",
        },
        { userId, structureId: otherId, scopeKey: scopeKeyOf(null), space: "FACTURES_EMISES" },
      ],
    });
    return { ...structure, id: found.id, otherId };
  }

  function historyOf(structureId: string) {
    return h.database.prisma.historyEntry.findMany({
      where: { structureId, action: { in: ["ATTACHMENT_DELETED", "SUBSCRIPTION_DEACTIVATED"] } },
      orderBy: [{ createdAt: "asc" }, { action: "asc" }],
    });
  }

  it("deletes every attachment of the user to the structure, deactivates their subscriptions on it and writes both history lines", async () => {
    const structure = await seedAttachedRequester();
    const manager = await actorOf(secondary);
    const user = await accountOf(requester);

    const result = await detachUsers(h.runtime.ctx, manager, {
      structureId: structure.id,
      userIds: [user.id],
    });

    expect(result).toEqual({
      detached: [
        {
          id: user.id,
          loginEmail: requester.email,
          lastName: requester.lastName,
          firstName: requester.firstName,
          status: "ACTIVE",
        },
      ],
      skipped: [],
    });
    const { prisma } = h.database;
    const attachments = await prisma.attachment.findMany({ where: { userId: user.id } });
    expect(attachments.filter((a) => a.structureId === structure.id).map((a) => a.status)).toEqual([
      "DELETED",
      "DELETED",
    ]);
    expect(attachments.find((a) => a.structureId === structure.otherId)?.status).toBe("VALIDATED");
    const subscriptions = await prisma.subscription.findMany({ where: { userId: user.id } });
    expect(subscriptions.filter((s) => s.structureId === structure.id).map((s) => s.status)).toEqual([
      "DEACTIVATED",
      "DEACTIVATED",
      "DEACTIVATED",
    ]);
    expect(subscriptions.find((s) => s.structureId === structure.otherId)?.status).toBe("ACTIVE");

    const history = await historyOf(structure.id);
    expect(history).toHaveLength(2);
    expect(history.map((entry) => entry.action).sort()).toEqual([
      "ATTACHMENT_DELETED",
      "SUBSCRIPTION_DEACTIVATED",
    ]);
    for (const entry of history) {
      expect(entry).toMatchObject({
        actorId: manager.accountId,
        actorSlackUserId: secondary.slackId,
        targetUserId: user.id,
      });
    }
    const deletion = history.find((entry) => entry.action === "ATTACHMENT_DELETED");
    expect(deletion?.details).toMatchObject({ role: "SIMPLE_USER", wholeStructure: true });
    const deactivation = history.find((entry) => entry.action === "SUBSCRIPTION_DEACTIVATED");
    // Only the subscriptions still active are deactivated, and the history says which spaces.
    expect(deactivation?.details).toMatchObject({ spaces: ["FACTURES_EMISES", "FACTURES_RECUES"] });
    expect(await historyOf(structure.otherId)).toEqual([]);
  });

  it("never detaches the principal manager, whoever asks, and skips users who are not attached", async () => {
    const structure = await seedAttachedRequester();
    const [principalAccount, outsiderAccount, user] = await Promise.all([
      accountOf(principal),
      accountOf(outsider),
      accountOf(requester),
    ]);

    const bySecondary = await detachUsers(h.runtime.ctx, await actorOf(secondary), {
      structureId: structure.id,
      userIds: [principalAccount.id, outsiderAccount.id, user.id, user.id],
    });
    const byPrincipal = await detachUsers(h.runtime.ctx, await actorOf(principal), {
      structureId: structure.id,
      userIds: [principalAccount.id, user.id],
    });

    expect(bySecondary.detached.map((account) => account.id)).toEqual([user.id]);
    expect(bySecondary.skipped.map(({ account, reason }) => [account.loginEmail, reason])).toEqual([
      [principal.email, "principal_manager"],
      [outsider.email, "not_attached"],
    ]);
    // Detached already: the second detach has nothing left to delete and writes no history.
    expect(byPrincipal.detached).toEqual([]);
    expect(byPrincipal.skipped.map(({ account, reason }) => [account.loginEmail, reason])).toEqual([
      [principal.email, "principal_manager"],
      [requester.email, "not_attached"],
    ]);
    const principalRights = await h.database.prisma.attachment.findMany({
      where: { userId: principalAccount.id, structureId: structure.id },
    });
    expect(principalRights.map((attachment) => [attachment.role, attachment.status])).toEqual([
      ["PRINCIPAL_MANAGER", "VALIDATED"],
    ]);
    expect(
      await h.database.prisma.subscription.count({
        where: { userId: principalAccount.id, structureId: structure.id, status: "DEACTIVATED" },
      }),
    ).toBe(0);
    expect(
      (await historyOf(structure.id)).filter((entry) => entry.action === "ATTACHMENT_DELETED"),
    ).toHaveLength(1);
  });

  it("detaches a user once when two managers detach them at the same time", async () => {
    const structure = await seedAttachedRequester();
    const user = await accountOf(requester);
    const managers = [await actorOf(principal), await actorOf(secondary)];

    const results = await Promise.all(
      managers.map((manager) =>
        detachUsers(h.runtime.ctx, manager, { structureId: structure.id, userIds: [user.id] }),
      ),
    );

    expect(results.flatMap((result) => result.detached.map((account) => account.id))).toEqual([user.id]);
    expect(results.flatMap((result) => result.skipped.map((skip) => skip.reason))).toEqual(["not_attached"]);
    expect((await historyOf(structure.id)).map((entry) => entry.action).sort()).toEqual([
      "ATTACHMENT_DELETED",
      "SUBSCRIPTION_DEACTIVATED",
    ]);
  });

  it("lets a secondary manager detach themself, and their Home tab is refreshed without the structure", async () => {
    const structure = await seedAttachedRequester();
    const manager = await actorOf(secondary);

    const result = await detachUsers(h.runtime.ctx, manager, {
      structureId: structure.id,
      userIds: [manager.accountId],
    });

    expect(result.detached.map((account) => account.loginEmail)).toEqual([secondary.email]);
    const history = await historyOf(structure.id);
    expect(history.map((entry) => [entry.action, entry.details])).toEqual([
      ["ATTACHMENT_DELETED", { role: "SECONDARY_MANAGER", wholeStructure: true, serviceIds: [] }],
    ]);
    await h.settle();
    const home = h.slack.homeViews.get(secondary.slackId);
    expect(home).toBeDefined();
    expect(JSON.stringify(home)).not.toContain(structure.identifier);
    // No longer a manager: a second attempt is refused.
    await expect(
      detachUsers(h.runtime.ctx, manager, { structureId: structure.id, userIds: [manager.accountId] }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("deactivates the detached user's pending subscription requests on the structure as the system, not as a refusal, e-mails why, and leaves those elsewhere pending", async () => {
    const structure = await seedAttachedRequester();
    const onIt = await insertSubscriptionRequest(h, structure.id, requester.email, new Date());
    const elsewhere = await insertSubscriptionRequest(h, structure.otherId, requester.email, new Date());
    const ownRequest = await insertSubscriptionRequest(h, structure.id, secondary.email, new Date());
    const manager = await actorOf(secondary);
    const mailsBefore = h.smtp.messages.length;

    await detachUsers(h.runtime.ctx, manager, {
      structureId: structure.id,
      userIds: [(await accountOf(requester)).id],
    });
    // A secondary manager detaching themself closes their own request too (no right is left to check).
    await detachUsers(h.runtime.ctx, manager, { structureId: structure.id, userIds: [manager.accountId] });

    const { prisma } = h.database;
    const status = async (id: string) =>
      (await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id } })).status;
    expect([await status(onIt), await status(ownRequest), await status(elsewhere)]).toEqual([
      "DEACTIVATED",
      "DEACTIVATED",
      "PENDING",
    ]);
    expect(await prisma.subscriptionRequest.findUniqueOrThrow({ where: { id: onIt } })).toMatchObject({
      refusalReason: null,
      decidedById: null,
      decidedAt: expect.any(Date),
    });
    expect(await prisma.historyEntry.count({ where: { action: "SUBSCRIPTION_REFUSED" } })).toBe(0);
    const closures = await prisma.historyEntry.findMany({
      where: { action: "SUBSCRIPTION_REQUEST_DEACTIVATED" },
    });
    expect(closures.map((entry) => [entry.subscriptionRequestId, entry.actorId]).sort()).toEqual(
      [
        [onIt, null],
        [ownRequest, null],
      ].sort(),
    );
    const shown = await h.api("GET", `/api/v1/subscription-requests/${onIt}`);
    expect(shown.json).toMatchObject({
      status: "DEACTIVATED",
      decision: { outcome: "DEACTIVATED", decidedBy: null },
    });
    const mails = await h.smtp.waitForMessages(mailsBefore + 2);
    const toRequester = mails.slice(mailsBefore).find((mail) => mail.to.includes(requester.email));
    expect(toRequester?.subject).toContain("est désactivée");
    expect(toRequester?.text).toContain(
      "a été désactivée : elle ne pouvait plus être accordée (rattachement à la structure supprimé, ou service désactivé).",
    );
    // A manager clicking « Valider » on it afterwards is told it is closed, and why.
    await expect(
      validateSubscriptionRequest(h.runtime.ctx, await actorOf(principal), {
        requestId: onIt,
        modificationItemIds: null,
        comment: null,
      }),
    ).rejects.toThrow(
      /a été désactivée le .* : elle ne pouvait plus être accordée \(rattachement du demandeur supprimé, ou service désactivé\)/,
    );
  });

  it("refuses a user who does not manage the structure and an unknown user, and changes nothing", async () => {
    const structure = await seedAttachedRequester();
    const user = await accountOf(requester);

    await expect(
      detachUsers(h.runtime.ctx, await actorOf(outsider), { structureId: structure.id, userIds: [user.id] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    // A simple user of the structure is no manager either.
    await expect(
      detachUsers(h.runtime.ctx, await actorOf(requester), { structureId: structure.id, userIds: [user.id] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      detachUsers(h.runtime.ctx, await actorOf(secondary), {
        structureId: structure.id,
        userIds: [user.id, randomUUID()],
      }),
    ).rejects.toMatchObject({ code: "not_found", message: fr.detach.userNotFound });

    expect(
      await h.database.prisma.attachment.count({
        where: { userId: user.id, structureId: structure.id, status: "VALIDATED" },
      }),
    ).toBe(2);
    expect(await historyOf(structure.id)).toEqual([]);
  });

  it("detaches a user with /chorus detacher and says what it did or why it did nothing", async () => {
    const structure = await seedAttachedRequester();
    const where = `${structure.designation} (${structure.identifier})`;
    const name = (person: Person) => `${person.firstName} ${person.lastName} (${person.email})`;

    expect(
      await h.commandAnswer(
        secondary.slackId,
        `detacher ${structure.identifier} ${requester.email.toUpperCase()}`,
      ),
    ).toBe(fr.detach.detached(name(requester), where));
    expect(
      await h.commandAnswer(secondary.slackId, `detacher ${structure.identifier} ${requester.email}`),
    ).toBe(fr.detach.skippedNotAttached(name(requester)));
    expect(
      await h.commandAnswer(secondary.slackId, `detacher ${structure.identifier} ${principal.email}`),
    ).toBe(fr.detach.skippedPrincipal(name(principal)));
    expect(
      await h.commandAnswer(outsider.slackId, `detacher ${structure.identifier} ${secondary.email}`),
    ).toContain("ni gestionnaire principal ni gestionnaire secondaire");
    expect(
      await h.commandAnswer(secondary.slackId, `detacher ${structure.identifier} personne@exemple.fr`),
    ).toBe(fr.errors.userNotFound("personne@exemple.fr"));
    // An outsider gets the same answer for an unknown e-mail as for a known one: nothing to learn.
    expect(
      await h.commandAnswer(outsider.slackId, `detacher ${structure.identifier} personne@exemple.fr`),
    ).toContain("ni gestionnaire principal ni gestionnaire secondaire");
    expect(await h.commandAnswer(secondary.slackId, `detacher ${structure.identifier}`)).toBe(
      fr.detach.usage,
    );

    const user = await accountOf(requester);
    expect(
      await h.database.prisma.subscription.count({
        where: { userId: user.id, structureId: structure.id, status: "ACTIVE" },
      }),
    ).toBe(0);
    expect((await historyOf(structure.id)).map((entry) => entry.action).sort()).toEqual([
      "ATTACHMENT_DELETED",
      "SUBSCRIPTION_DEACTIVATED",
    ]);
  });
});
