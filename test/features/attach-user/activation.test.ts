import { describe, expect, it } from "vitest";
import { nameKeys } from "../../../src/domain/search-key.ts";
import type { AccountStatus } from "../../../src/generated/prisma/enums.ts";
import { activationTokenHash } from "../../../src/security/activation-tokens.ts";
import { activationFormToken, formKeyFrom } from "../../../src/security/form-tokens.ts";
import { verifyPassword } from "../../../src/security/passwords.ts";
import { sendActivationEmails } from "../../../src/services/accounts/send-activation-emails.ts";
import type { Actor } from "../../../src/services/slack-workspace/slack-identities.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import { storedText } from "../../support/db-snapshot.ts";
import { principal, seedStructure, validSiret } from "../../support/scenario.ts";

const LINK = /\/activation\/([A-Za-z0-9_-]{43})/;
const MINUTE_MS = 60 * 1000;
const PASSWORD = "un mot de passe solide";

describe("activation e-mails and the activation page", () => {
  // Behind a proxy on this machine: a request may say which client it comes from (X-Forwarded-For).
  const h = useHarness({ TRUST_PROXY: "loopback" });

  async function managerActor(): Promise<Actor> {
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: principal.email },
    });
    return {
      accountId: account.id,
      name: `${principal.firstName} ${principal.lastName}`,
      slackUserId: principal.slackId,
      teamId: null,
    };
  }

  /** An account attached to the structure (whole), in the given status. */
  async function attachedAccount(
    structureId: string,
    person: {
      email: string;
      firstName: string;
      lastName: string;
      status?: AccountStatus;
      contactEmail?: string;
    },
  ) {
    const { prisma } = h.database;
    const { email, status, ...names } = person;
    const account = await prisma.userAccount.create({
      data: {
        loginEmail: email,
        ...names,
        ...nameKeys(names),
        status: status ?? "PENDING_ACTIVATION",
      },
    });
    await prisma.attachment.create({
      data: { userId: account.id, structureId, scopeKey: "*", startDate: new Date("2026-01-01") },
    });
    return account;
  }

  async function seeded() {
    const structure = await seedStructure(h);
    const found = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    const pending = await attachedAccount(found.id, {
      email: "zoe.obrien@exemple.fr",
      contactEmail: "zoe.contact@exemple.fr",
      firstName: "Zoé",
      lastName: "O'Brien <b>",
    });
    return { structureId: found.id, pending, actor: await managerActor() };
  }

  /** Sends the activation e-mail as the manager and returns the link's path read from the e-mail. */
  async function sendAndReadLink(actor: Actor, userId: string): Promise<string> {
    const before = h.smtp.messages.length;
    const result = await sendActivationEmails(h.runtime.ctx, actor, { userIds: [userId] });
    expect(result.sent.map((account) => account.id)).toEqual([userId]);
    await h.settle();
    const [mail] = await h.smtp.waitForMessages(before + 1).then((all) => all.slice(before));
    const match = LINK.exec(mail?.text ?? "");
    if (!match) throw new Error(`no activation link in ${mail?.text}`);
    return match[0];
  }

  function formToken(path: string): string {
    return activationFormToken(formKeyFrom(SIGNING_SECRET), path.split("/").at(-1) ?? "");
  }

  function open(path: string) {
    return fetch(`${h.baseUrl}${path}`);
  }

  /** Submits the form; `client`: the client's address, as the proxy in front of the app forwards it. */
  function choose(path: string, password: string, confirmation = password, client?: string) {
    return fetch(`${h.baseUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(client ? { "x-forwarded-for": client } : {}),
      },
      // The form's anti-forgery token, as the page's hidden field holds it.
      body: new URLSearchParams({ password, confirmation, csrf: formToken(path) }).toString(),
    });
  }

  it("e-mails a single-use link that opens a password form, activates the account once, then says it was used", async () => {
    const { structureId, pending, actor } = await seeded();

    const path = await sendAndReadLink(actor, pending.id);

    const mail = h.smtp.messages.at(-1);
    expect(mail?.to).toEqual(["zoe.contact@exemple.fr"]);
    expect(mail?.subject).toBe("Chorus Pro – Activez votre compte");
    expect(mail?.text).toContain(`http://localhost:0${path}`);
    expect(mail?.text).toContain("valable 60 minutes");
    expect(mail?.html).toContain(`>Activer mon compte</a>`);
    expect(mail?.html).toContain(`>http://localhost:0${path}</a>`);
    expect(mail?.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail?.headers.has("list-unsubscribe")).toBe(false);
    const form = await open(path);
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("no-store");
    expect(form.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await form.text();
    expect(page).toContain('<form method="post"');
    expect(page).toContain("zoe.obrien@exemple.fr");
    expect(page).toContain("O&#39;Brien &lt;b&gt;");
    expect(page).not.toContain("<b>");

    const tooShort = await choose(path, "court");
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("au moins 12 caractères");
    const mismatch = await choose(path, PASSWORD, `${PASSWORD}!`);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("ne sont pas identiques");
    const { prisma } = h.database;
    expect((await prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe(
      "PENDING_ACTIVATION",
    );

    const activated = await choose(path, PASSWORD);
    expect(activated.status).toBe(200);
    expect(await activated.text()).toContain("Votre compte Chorus Pro est activé");
    const account = await prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } });
    expect(account.status).toBe("ACTIVE");
    expect(account.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, account.passwordHash ?? "")).toBe(true);
    const history = await prisma.historyEntry.findMany({
      where: { structureId, targetUserId: pending.id },
      orderBy: { sequence: "asc" },
    });
    expect(history.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["ACTIVATION_EMAIL_SENT", actor.accountId],
      ["ACCOUNT_ACTIVATED", pending.id],
    ]);

    for (const again of [await open(path), await choose(path, PASSWORD)]) {
      expect(again.status).toBe(410);
      const text = await again.text();
      expect(text).toContain("a déjà servi");
      expect(text).toContain("Demandez à un gestionnaire de votre structure");
    }
  });

  it.each([
    ["a repeated letter", "aaaaaaaaaaaa", "Ce mot de passe est trop facile à deviner"],
    ["twelve spaces", " ".repeat(12), "Le mot de passe ne peut pas être composé uniquement d&#39;espaces."],
    ["a common run of digits", "123456789012", "fait partie des mots de passe les plus courants"],
    ["the login e-mail", "zoe.obrien@exemple.fr", "ne doit pas contenir votre adresse de connexion"],
    ["the first name", "Zoé aime les grands voyages", "ne doit contenir ni votre nom ni votre prénom"],
    ["the last name", "OBrien cherche la sortie", "ne doit contenir ni votre nom ni votre prénom"],
  ])(
    "refuses %s as password, says which rule it breaks at the field, and leaves the account awaiting activation",
    async (_, password, rule) => {
      const { pending, actor } = await seeded();
      const path = await sendAndReadLink(actor, pending.id);

      const refused = await choose(path, password);

      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toContain('<form method="post"');
      expect(page).toMatch(/<input class="fr-input fr-input--error" id="password"[^>]* aria-invalid="true">/);
      expect(page).toMatch(new RegExp(`<p id="password-error" class="fr-error-text">[^<]*${rule}`));
      const { prisma } = h.database;
      const account = await prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } });
      expect({ status: account.status, passwordHash: account.passwordHash }).toEqual({
        status: "PENDING_ACTIVATION",
        passwordHash: null,
      });
      expect(
        (await prisma.activationToken.findFirstOrThrow({ where: { userId: pending.id } })).usedAt,
      ).toBeNull();
      expect((await choose(path, "Un mot de passe robuste, enfin")).status).toBe(200);
    },
  );

  it("stores only the hash of the secret, and a resend makes the earlier link stop working", async () => {
    const { pending, actor } = await seeded();

    const first = await sendAndReadLink(actor, pending.id);
    const second = await sendAndReadLink(actor, pending.id);

    const tokens = await h.database.prisma.activationToken.findMany({
      where: { userId: pending.id },
      orderBy: { createdAt: "asc" },
    });
    const secrets = [first, second].map((path) => path.split("/").at(-1) ?? "");
    expect(tokens.map((token) => token.tokenHashes)).toEqual(
      secrets.map((secret) => [activationTokenHash(secret)]),
    );
    expect(tokens.map((token) => token.revokedAt !== null)).toEqual([true, false]);
    const replaced = await open(first);
    expect(replaced.status).toBe(410);
    expect(await replaced.text()).toContain("remplacé par un courriel plus récent");
    expect((await choose(first, PASSWORD)).status).toBe(410);
    expect((await choose(second, PASSWORD)).status).toBe(200);
  });

  it("lets a link work for 60 minutes and no longer, on the app's clock", async () => {
    const { pending, actor } = await seeded();
    const path = await sendAndReadLink(actor, pending.id);
    const sentAt = Date.now();
    const realNow = h.runtime.ctx.now;
    try {
      h.runtime.ctx.now = () => new Date(sentAt + 59 * MINUTE_MS);
      expect((await open(path)).status).toBe(200);
      h.runtime.ctx.now = () => new Date(sentAt + 61 * MINUTE_MS);
      const expired = await open(path);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain("a expiré");
      expect((await choose(path, PASSWORD)).status).toBe(410);
    } finally {
      h.runtime.ctx.now = realNow;
    }
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } });
    expect(account.status).toBe("PENDING_ACTIVATION");
  });

  /** The app's clock set to `at` for what `run` does, then given back. */
  async function at<T>(instant: number, run: () => Promise<T>): Promise<T> {
    const realNow = h.runtime.ctx.now;
    h.runtime.ctx.now = () => new Date(instant);
    try {
      return await run();
    } finally {
      h.runtime.ctx.now = realNow;
    }
  }

  /** Links of `count` more pending accounts of the structure, written as a resend would. */
  async function pendingLinks(structureId: string, count: number): Promise<string[]> {
    const paths: string[] = [];
    for (let index = 0; index < count; index++) {
      const account = await attachedAccount(structureId, {
        email: `personne.${index}@exemple.fr`,
        firstName: "Camille",
        lastName: `Personne ${index}`,
      });
      const secret = `lien-${index}-`.padEnd(43, "x");
      await h.database.prisma.activationToken.create({
        data: {
          userId: account.id,
          tokenHashes: [activationTokenHash(secret)],
          expiresAt: new Date(Date.now() + 60 * MINUTE_MS),
        },
      });
      paths.push(`/activation/${secret}`);
    }
    return paths;
  }

  it("answers the 6th failed submission on one link within 15 minutes with a 429 and Retry-After, without judging it, and judges again once the first failure is 15 minutes old", async () => {
    const { pending, actor } = await seeded();
    const path = await sendAndReadLink(actor, pending.id);
    const start = Date.now();

    for (let minute = 0; minute < 5; minute++) {
      const refused = await at(start + minute * MINUTE_MS, () => choose(path, "aaaaaaaaaaaa"));
      expect(refused.status).toBe(400);
    }
    const throttled = await at(start + 5 * MINUTE_MS, () => choose(path, PASSWORD));
    const stillThrottled = await at(start + 15 * MINUTE_MS - 1000, () => choose(path, PASSWORD));

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("600");
    expect(throttled.headers.get("cache-control")).toBe("no-store");
    const page = await throttled.text();
    expect(page).toContain("<h1>Trop de tentatives</h1>");
    expect(page).toContain(
      "Trop de tentatives d&#39;activation ont échoué pour ce lien ou depuis votre connexion. Réessayez dans 10 minutes, en rouvrant le lien de votre courriel.",
    );
    expect(stillThrottled.status).toBe(429);
    expect(stillThrottled.headers.get("retry-after")).toBe("1");
    const { prisma } = h.database;
    expect((await prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe(
      "PENDING_ACTIVATION",
    );
    const activated = await at(start + 15 * MINUTE_MS, () => choose(path, PASSWORD));
    expect(activated.status).toBe(200);
    expect((await prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("ACTIVE");
  });

  it("answers a client's 21st failed submission within 15 minutes with a 429, across links, even on a link that never failed, lets other clients in, and purges the failures once past the window", async () => {
    const { structureId } = await seeded();
    const paths = await pendingLinks(structureId, 7);
    const [, , , , , fresh = "", another = ""] = paths;
    const start = Date.now();
    const { prisma } = h.database;
    const client = "203.0.113.1";

    // Four failures on each of five links: none reaches its link's limit, the client reaches its own.
    for (const path of paths.slice(0, 5)) {
      for (let attempt = 0; attempt < 4; attempt++) {
        expect((await at(start, () => choose(path, "court", "court", client))).status).toBe(400);
      }
    }
    const throttled = await at(start + MINUTE_MS, () => choose(fresh, PASSWORD, PASSWORD, client));
    const otherClient = await at(start + MINUTE_MS, () => choose(fresh, PASSWORD, PASSWORD, "203.0.113.2"));

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("840");
    expect(await throttled.text()).toContain("Réessayez dans 14 minutes");
    expect(otherClient.status).toBe(200);
    expect(await prisma.activationAttempt.count()).toBe(20);
    const later = await at(start + 15 * MINUTE_MS, () => choose(another, PASSWORD, PASSWORD, client));
    expect(later.status).toBe(200);
    expect(await prisma.activationAttempt.count()).toBe(0);
  });

  it("answers 404 for a link that never existed", async () => {
    const unknown = await open(`/activation/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Ce lien d&#39;activation n&#39;existe pas.");
  });

  it("activates once when the form is submitted twice at the same moment", async () => {
    const { pending, actor } = await seeded();
    const path = await sendAndReadLink(actor, pending.id);

    const answers = await Promise.all([choose(path, PASSWORD), choose(path, PASSWORD)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const activations = await h.database.prisma.historyEntry.count({
      where: { targetUserId: pending.id, action: "ACCOUNT_ACTIVATED" },
    });
    expect(activations).toBe(1);
  });

  /** What no table may hold: the link's secret, and so the link. */
  async function expectStoredNowhere(path: string): Promise<void> {
    const secret = path.split("/").at(-1) ?? "";
    expect(secret).toHaveLength(43);
    const stored = await storedText(h.database);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(path);
  }

  function linkIn(text: string | undefined): string {
    const match = LINK.exec(text ?? "");
    if (!match) throw new Error(`no activation link in ${text}`);
    return match[0];
  }

  it("keeps the link out of every table once its e-mail is delivered, the outbox row holding the token's id alone, and the link received works", async () => {
    const { pending, actor } = await seeded();

    const path = await sendAndReadLink(actor, pending.id);

    await expectStoredNowhere(path);
    const rows = await h.database.prisma.outboxMessage.findMany({
      select: { kind: true, status: true, payload: true },
    });
    const token = await h.database.prisma.activationToken.findFirstOrThrow({ where: { userId: pending.id } });
    expect(rows).toEqual([
      { kind: "ACTIVATION_EMAIL", status: "DONE", payload: { activationTokenId: token.id } },
    ]);
    expect(h.smtp.messages.at(-1)?.html).toContain(path);
    expect((await open(path)).status).toBe(200);
    expect((await choose(path, PASSWORD)).status).toBe(200);
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({ where: { id: pending.id } });
    expect(account.status).toBe("ACTIVE");
  });

  it("makes a working link when the delivery is retried after the SMTP server was down, and stores it nowhere meanwhile", async () => {
    const { pending, actor } = await seeded();
    await h.runtime.outbox.stop();
    await h.smtp.stop();
    try {
      await sendActivationEmails(h.runtime.ctx, actor, { userIds: [pending.id] });
      expect(await h.runtime.outbox.runOnce()).toBe(1);
      const waiting = await h.database.prisma.outboxMessage.findFirstOrThrow();
      expect(waiting).toMatchObject({ kind: "ACTIVATION_EMAIL", status: "PENDING", attempts: 1 });
      expect(waiting.lastError).toMatch(/^SMTP: /);
      expect(await storedText(h.database)).not.toMatch(LINK);
    } finally {
      await h.smtp.start();
      h.runtime.outbox.start();
    }

    await h.settle();

    const [mail] = await h.smtp.waitForMessages(1);
    const path = linkIn(mail?.text);
    await expectStoredNowhere(path);
    expect(await h.database.prisma.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "DONE",
      attempts: 2,
    });
    expect((await choose(path, PASSWORD)).status).toBe(200);
  });

  it("gives a copy resent after a crash between the SMTP server's acceptance and the row marked delivered a working link too, under the same Message-ID", async () => {
    const { pending, actor } = await seeded();
    const first = await sendAndReadLink(actor, pending.id);
    // The worker died before it could mark the row delivered: once the lease is over, it is made again.
    await h.database.prisma.outboxMessage.updateMany({
      data: { status: "PENDING", deliveredAt: null, availableAt: new Date() },
    });

    await h.settle();

    const [one, two] = await h.smtp.waitForMessages(2);
    const second = linkIn(two?.text);
    expect(second).not.toBe(first);
    expect(two?.headers.get("message-id")).toBe(one?.headers.get("message-id"));
    await expectStoredNowhere(first);
    await expectStoredNowhere(second);
    expect((await open(first)).status).toBe(200);
    expect((await open(second)).status).toBe(200);
    expect((await choose(first, PASSWORD)).status).toBe(200);
    // One account, one activation: the other copy has served too.
    expect((await open(second)).status).toBe(410);
  });

  it("keeps an activation e-mail the SMTP server refused for good for operators, with no link in it", async () => {
    const { pending, actor } = await seeded();
    h.smtp.refuseNext(550);

    await sendActivationEmails(h.runtime.ctx, actor, { userIds: [pending.id] });
    await h.settle();

    const failed = await h.database.prisma.outboxMessage.findFirstOrThrow();
    const token = await h.database.prisma.activationToken.findFirstOrThrow({ where: { userId: pending.id } });
    expect(failed).toMatchObject({
      kind: "ACTIVATION_EMAIL",
      status: "FAILED",
      payload: { activationTokenId: token.id },
    });
    expect(failed.lastError).toContain("550");
    expect(h.smtp.messages).toEqual([]);
    expect(await storedText(h.database)).not.toMatch(LINK);
  });

  it("does not send an activation e-mail whose link a resend revoked before it went out: only the newer one is sent", async () => {
    const { pending, actor } = await seeded();
    await h.runtime.outbox.stop();
    try {
      await sendActivationEmails(h.runtime.ctx, actor, { userIds: [pending.id] });
      await sendActivationEmails(h.runtime.ctx, actor, { userIds: [pending.id] });
    } finally {
      h.runtime.outbox.start();
    }

    await h.settle();

    expect(h.smtp.messages).toHaveLength(1);
    const path = linkIn(h.smtp.messages[0]?.text);
    const tokens = await h.database.prisma.activationToken.findMany({
      where: { userId: pending.id },
      orderBy: { createdAt: "asc" },
    });
    expect(tokens.map((token) => [token.revokedAt !== null, token.tokenHashes.length])).toEqual([
      [true, 0],
      [false, 1],
    ]);
    expect((await choose(path, PASSWORD)).status).toBe(200);
  });

  it("e-mails only the pending accounts of the manager's structures and lists the others as skipped", async () => {
    const { structureId, pending, actor } = await seeded();
    const active = await attachedAccount(structureId, {
      email: "alain.actif@exemple.fr",
      firstName: "Alain",
      lastName: "Actif",
      status: "ACTIVE",
    });
    const other = await h.api("POST", "/api/v1/structures", {
      identifier: validSiret(55544433),
      designation: "Commune voisine",
      kind: "PUBLIQUE",
      principalManager: { loginEmail: "voisin@exemple.fr", firstName: "Victor", lastName: "Voisin" },
    });
    expect(other.status).toBe(201);
    const otherStructure = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: validSiret(55544433) },
    });
    const foreign = await attachedAccount(otherStructure.id, {
      email: "fanny.ailleurs@exemple.fr",
      firstName: "Fanny",
      lastName: "Ailleurs",
    });

    const result = await sendActivationEmails(h.runtime.ctx, actor, {
      userIds: [pending.id, active.id, foreign.id],
    });

    expect(result.sent.map((account) => account.id)).toEqual([pending.id]);
    expect(result.skipped.map(({ account, reason }) => [account.loginEmail, reason])).toEqual([
      ["alain.actif@exemple.fr", "not_pending_activation"],
      ["fanny.ailleurs@exemple.fr", "not_managed"],
    ]);
    await h.settle();
    expect(h.smtp.messages.flatMap((mail) => mail.to)).toEqual(["zoe.contact@exemple.fr"]);
    const tokens = await h.database.prisma.activationToken.findMany({ select: { userId: true } });
    expect(tokens).toEqual([{ userId: pending.id }]);
    const skippedHistory = await h.database.prisma.historyEntry.count({
      where: { action: "ACTIVATION_EMAIL_SENT", targetUserId: { in: [active.id, foreign.id] } },
    });
    expect(skippedHistory).toBe(0);

    await expect(
      sendActivationEmails(h.runtime.ctx, actor, { userIds: [pending.id, "not-an-id"] }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
