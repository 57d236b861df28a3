import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "../support/app-harness.ts";
import {
  BROWSER_TEST_OPTIONS,
  expectAccessible,
  hasChromium,
  screenshot,
  useBrowser,
} from "../support/browser.ts";

const TEAM = "T0000ONE1";

describe.runIf(hasChromium)("the Slack installation pages in a real browser", BROWSER_TEST_OPTIONS, () => {
  // OAuth mode, as a public body: the pages show the State's brand.
  const h = useHarness({
    SLACK_BOT_TOKEN: "",
    SLACK_CLIENT_ID: "1111111111.2222222222",
    SLACK_CLIENT_SECRET: "test-client-secret-0123456789",
    SLACK_STATE_SECRET: "test-state-secret-0123456789",
    SECRETS_KEY: randomBytes(32).toString("base64"),
    PUBLIC_BODY: "true",
  });
  const { browser } = useBrowser();
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    context = await browser().newContext({ locale: "fr-FR", viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it("shows the installed page, branded for a public body, with its buttons to open Slack", async () => {
    // The start of the flow as the browser makes it: its state cookie, then Slack's redirect back.
    const started = await fetch(`${h.baseUrl}/slack/install`, { redirect: "manual" });
    const [name = "", value = ""] = (started.headers.get("set-cookie") ?? "").split(";")[0]?.split("=") ?? [];
    const state = new URL(started.headers.get("location") ?? "").searchParams.get("state") ?? "";
    await context.addCookies([{ name, value, url: h.baseUrl }]);
    const { code } = h.slack.authorizeInstall({ teamId: TEAM });
    // The page sends the browser on to the Slack app (slack://): stopped here, to look at the page.
    await context.route("slack://**", (route) => route.abort());

    const done = await page.goto(`${h.baseUrl}/slack/oauth_redirect?${new URLSearchParams({ code, state })}`);

    expect(done?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Application installée");
    expect(await page.locator(".fr-header .fr-logo").textContent()).toBe("RépubliqueFrançaise");
    expect(await page.locator("a.fr-btn").allTextContents()).toEqual([
      "Ouvrir Slack",
      "Ouvrir Slack dans le navigateur",
    ]);
    await expectAccessible(page, "the installed page");
    await screenshot(page, "slack-installed");
  });

  it("shows the failed installation page, saying what to do", async () => {
    const failed = await page.goto(`${h.baseUrl}/slack/oauth_redirect?code=abc`);

    expect(failed?.status()).toBe(400);
    expect(await page.locator("h1").textContent()).toBe("L'installation a échoué");
    expect(await page.locator("main").textContent()).toContain("Recommencez depuis le lien d'installation");
    await expectAccessible(page, "the failed installation page");
    await screenshot(page, "slack-install-failed");
  });
});
