import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nameKeys } from "../../src/domain/search-key.ts";
import { activationFormToken, formKeyFrom } from "../../src/security/form-tokens.ts";
import { sendActivationEmails } from "../../src/services/accounts/send-activation-emails.ts";
import { SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import {
  BROWSER_TEST_OPTIONS,
  expectAccessible,
  hasChromium,
  screenshot,
  useBrowser,
} from "../support/browser.ts";
import { principal, seedStructure } from "../support/scenario.ts";

const LINK = /\/activation\/([A-Za-z0-9_-]{43})/;
const GOOD_PASSWORD = "girafe tabouret nuage cerise";
const MINUTE_MS = 60 * 1000;

describe.runIf(hasChromium)("the activation pages in a real browser", BROWSER_TEST_OPTIONS, () => {
  const h = useHarness();
  const { browser } = useBrowser();
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    context = await browser().newContext({ locale: "fr-FR", viewport: { width: 1024, height: 900 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  /** A pending account attached to a new structure, and the link of the activation e-mail it is sent. */
  async function linkFromEmail(): Promise<string> {
    const structure = await seedStructure(h);
    const { prisma } = h.database;
    const found = await prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } });
    const names = { firstName: "Zoé", lastName: "Martin" };
    const account = await prisma.userAccount.create({
      data: {
        loginEmail: "zoe.martin@exemple.fr",
        ...names,
        ...nameKeys(names),
        status: "PENDING_ACTIVATION",
      },
    });
    await prisma.attachment.create({
      data: { userId: account.id, structureId: found.id, scopeKey: "*", startDate: new Date("2026-01-01") },
    });
    return sendAndReadLink(account.id);
  }

  /** Sends the activation e-mail as the principal manager; the link's path, read from the SMTP sink. */
  async function sendAndReadLink(userId: string): Promise<string> {
    const manager = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: principal.email },
    });
    const actor = {
      accountId: manager.id,
      name: `${principal.firstName} ${principal.lastName}`,
      slackUserId: principal.slackId,
      teamId: null,
    };
    const before = h.smtp.messages.length;
    await sendActivationEmails(h.runtime.ctx, actor, { userIds: [userId] });
    await h.settle();
    const [mail] = (await h.smtp.waitForMessages(before + 1)).slice(before);
    const match = LINK.exec(mail?.text ?? "");
    if (!match) throw new Error(`no activation link in ${mail?.text}`);
    return match[0];
  }

  async function ruleStates(): Promise<Record<string, string | null>> {
    const rules = ["length", "personal", "strength", "same"];
    const states = await Promise.all(
      rules.map((rule) => page.locator(`[data-rule="${rule}"]`).getAttribute("data-state")),
    );
    return Object.fromEntries(rules.map((rule, index) => [rule, states[index] ?? null]));
  }

  it("opens the e-mail's link on a safe DSFR form, shows the rules and the errors tied to their fields, activates, then says the link was used", async () => {
    const path = await linkFromEmail();

    const opened = await page.goto(`${h.baseUrl}${path}`);
    expect(opened?.status()).toBe(200);
    const headers = opened?.headers() ?? {};
    expect(headers["content-security-policy"]).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';object-src 'none';form-action 'self';frame-ancestors 'none';base-uri 'none'",
    );
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["cache-control"]).toBe("no-store");
    expect(await page.locator("h1").textContent()).toBe("Activation de votre compte Chorus Pro");
    expect(await page.locator(".fr-header__service-title").textContent()).toBe("Gestionnaires Chorus Pro");
    // Not a public body (PUBLIC_BODY unset): no State's brand.
    expect(await page.locator(".fr-logo").count()).toBe(0);
    expect((await fetch(`${h.baseUrl}/static/dsfr/fonts/Marianne-Regular.woff2`)).status).toBe(404);
    const licence = await fetch(`${h.baseUrl}/static/dsfr/LICENSE.md`);
    expect(await licence.text()).toContain("MIT License, à l'exception de la fonte Marianne");
    const css = await fetch(`${h.baseUrl}/static/dsfr/dsfr.min.css`);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await ruleStates()).toEqual({
      length: "unchecked",
      personal: "unchecked",
      strength: "unchecked",
      same: "unchecked",
    });
    await expectAccessible(page, "the activation form");
    await screenshot(page, "activation-form");

    // The rules follow the typing (the served script).
    await page.fill("#password", "zoemartin");
    await page.fill("#confirmation", "zoe");
    expect(await ruleStates()).toEqual({
      length: "broken",
      personal: "broken",
      strength: "unchecked",
      same: "broken",
    });
    await page.fill("#password", "aaaaaaaaaaaaaa");
    await page.fill("#confirmation", "aaaaaaaaaaaaaa");
    expect(await ruleStates()).toEqual({
      length: "met",
      personal: "met",
      strength: "unchecked",
      same: "met",
    });
    await expectAccessible(page, "the activation form while typing");
    await screenshot(page, "activation-typing");

    const refused = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(refused[0]?.status()).toBe(400);
    const password = page.locator("#password");
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    expect(await password.getAttribute("aria-describedby")).toBe("password-error password-rules");
    expect(await page.locator("#password-error").textContent()).toContain("trop facile à deviner");
    expect(await ruleStates()).toEqual({ length: "met", personal: "met", strength: "broken", same: "met" });
    await expectAccessible(page, "the activation form with errors");
    await screenshot(page, "activation-errors");

    await page.fill("#password", GOOD_PASSWORD);
    await page.fill("#confirmation", `${GOOD_PASSWORD}!`);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(await page.locator("#confirmation-error").textContent()).toContain("ne sont pas identiques");
    expect(await page.locator("#confirmation").getAttribute("aria-describedby")).toBe("confirmation-error");

    await page.fill("#password", GOOD_PASSWORD);
    await page.fill("#confirmation", GOOD_PASSWORD);
    const activated = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(activated[0]?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Votre compte Chorus Pro est activé");
    await expectAccessible(page, "the activated page");
    await screenshot(page, "activation-done");

    const again = await page.goto(`${h.baseUrl}${path}`);
    expect(again?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe("Lien d'activation déjà utilisé");
    expect(await page.locator("main").textContent()).toContain(
      "Demandez à un gestionnaire de votre structure de vous envoyer un nouveau courriel d'activation.",
    );
    await expectAccessible(page, "the used-link page");
    await screenshot(page, "link-used");
  });

  it("activates an account with the keyboard alone: skip link, fields, and the button", async () => {
    const path = await linkFromEmail();
    await page.goto(`${h.baseUrl}${path}`);

    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").textContent()).toBe("Contenu");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("password");
    await page.keyboard.type(GOOD_PASSWORD);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("confirmation");
    await page.keyboard.type(GOOD_PASSWORD);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").evaluate((element) => element.tagName)).toBe("BUTTON");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Space")]);

    expect(await page.locator("h1").textContent()).toBe("Votre compte Chorus Pro est activé");
  });

  it("says for an unknown, an expired and a replaced link what happened and whom to ask", async () => {
    const unknown = await page.goto(`${h.baseUrl}/activation/${"x".repeat(43)}`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Lien d'activation inconnu");
    expect(await page.locator("main").textContent()).toContain(
      "Demandez à un gestionnaire de votre structure",
    );
    await expectAccessible(page, "the unknown-link page");
    await screenshot(page, "link-unknown");

    const first = await linkFromEmail();
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: "zoe.martin@exemple.fr" },
    });
    const second = await sendAndReadLink(account.id);
    const replaced = await page.goto(`${h.baseUrl}${first}`);
    expect(replaced?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe("Lien d'activation remplacé");
    await expectAccessible(page, "the replaced-link page");
    await screenshot(page, "link-revoked");

    const realNow = h.runtime.ctx.now;
    h.runtime.ctx.now = () => new Date(Date.now() + 61 * MINUTE_MS);
    try {
      const expired = await page.goto(`${h.baseUrl}${second}`);
      expect(expired?.status()).toBe(410);
      expect(await page.locator("h1").textContent()).toBe("Lien d'activation expiré");
      expect(await page.locator("main").textContent()).toContain("il n'est valable que 60 minutes");
      await expectAccessible(page, "the expired-link page");
      await screenshot(page, "link-expired");
    } finally {
      h.runtime.ctx.now = realNow;
    }
  });

  it("refuses the form sent from another site, even with the right token, on a clear page", async () => {
    const path = await linkFromEmail();
    const token = activationFormToken(formKeyFrom(SIGNING_SECRET), path.split("/").at(-1) ?? "");
    // Another site's page (about:blank's opaque origin) posting to the link.
    await page.setContent(
      `<form method="post" action="${h.baseUrl}${path}"><input name="csrf" value="${token}">` +
        `<input name="password" value="${GOOD_PASSWORD}"><input name="confirmation" value="${GOOD_PASSWORD}">` +
        '<button type="submit">Go</button></form>',
    );

    const refused = await Promise.all([page.waitForNavigation(), page.click("button")]);

    expect(refused[0]?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Formulaire refusé");
    await expectAccessible(page, "the refused-form page");
    await screenshot(page, "form-refused");
    const account = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: "zoe.martin@exemple.fr" },
    });
    expect(account.status).toBe("PENDING_ACTIVATION");
    // The page's own form, without its token (a forged one), is refused too.
    await page.goto(`${h.baseUrl}${path}`);
    await page.locator("input[name=csrf]").evaluate((input) => input.setAttribute("value", "forged"));
    await page.fill("#password", GOOD_PASSWORD);
    await page.fill("#confirmation", GOOD_PASSWORD);
    const forged = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(forged[0]?.status()).toBe(403);
  });
});
