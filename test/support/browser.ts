import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

/** Debian's Chromium (`apt-get install chromium`, which .ci/run does where it is missing), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether the browser tests run in this run. Without Chromium they are skipped with a warning, so
 * that `npm test` keeps needing Node alone. .ci/run sets BROWSER_TESTS=later for its two suites
 * (Chromium sharing the 2 cores with them made their timing-bound tests fail) and runs them on their
 * own after, with BROWSER_TESTS=required, where a missing Chromium fails them instead.
 */
const deferred = process.env.BROWSER_TESTS === "later";
export const hasChromium =
  !deferred && (existsSync(CHROMIUM_PATH) || process.env.BROWSER_TESTS === "required");
if (!hasChromium && !deferred)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

/**
 * A page's walk through the browser (pages, a password scored by zxcvbn and hashed by scrypt, axe
 * on each state) takes some 15 s alone, and several times that while both CI runs share 2 cores.
 */
export const BROWSER_TEST_OPTIONS = { timeout: 120_000 };

/** Where each page's screenshot is kept, as a test artefact (gitignored; docs/screenshots holds copies). */
export const SCREENSHOTS_DIR = join(process.cwd(), "test-artifacts", "screenshots");

/** The WCAG levels the RGAA asks for: A and AA, of WCAG 2.0 and 2.1. */
const WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** One headless Chromium for the test file, started before its tests and closed after them. */
export function useBrowser(): { browser: () => Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error("the browser is not started");
      return browser;
    },
  };
}

let axeSource: Promise<string> | undefined;

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

interface AxeGlobal {
  run(options: object): Promise<{ violations: AxeViolation[] }>;
}

/**
 * Runs axe-core on the page as it is and expects no violation of WCAG A or AA. Its source is
 * evaluated through the DevTools protocol, which the page's CSP (no script but the app's) does not
 * govern, so the page is checked with its real policy.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async (tags) => {
    // The global the evaluated source defines; run on the whole document.
    const axe = (globalThis as unknown as { axe: AxeGlobal }).axe;
    const results = await axe.run({ runOnly: { type: "tag", values: tags } });
    return results.violations.map(
      (violation: { id: string; help: string; nodes: { target: string[] }[] }) => ({
        id: violation.id,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }),
    );
  }, WCAG_A_AA);
  expect(violations, `axe-core on ${what}`).toEqual([]);
}

/** Keeps a full-page screenshot of the page under test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}
