import type { ExpressReceiverOptions } from "@slack/bolt";
import escapeHtml from "escape-html";
import { htmlPage, type PageLook } from "../http/html-page.ts";

/** What Bolt's installer calls at the end of the OAuth flow (@slack/oauth's CallbackOptions). */
type CallbackOptions = NonNullable<
  NonNullable<ExpressReceiverOptions["installerOptions"]>["callbackOptions"]
>;

/**
 * @slack/oauth's codes for errors of the browser's own request (no code, no state or another
 * browser's): 400, as Bolt answers them; the rest is the app's or Slack's failure, 500.
 */
const BROWSER_ERRORS: ReadonlySet<string> = new Set([
  "slack_oauth_missing_state",
  "slack_oauth_invalid_state",
  "slack_oauth_missing_code",
]);

/**
 * The pages the person installing the app sees at the end of Slack's OAuth flow, in the app's
 * language rather than Bolt's English ones: once installed, Slack opens on the app (as Bolt's page
 * does, with links for the desktop and the web versions); on failure, why, and what to do.
 */
export function oauthCallbackOptions(look: PageLook): CallbackOptions {
  const labels = look.messages.oauthPages;
  return {
    success(installation, _options, _req, res) {
      const team = installation.team;
      const desktop =
        team && installation.appId ? `slack://app?team=${team.id}&id=${installation.appId}` : "slack://open";
      const web = team ? `https://app.slack.com/client/${team.id}` : "https://app.slack.com/";
      const workspace = team?.name ?? team?.id ?? installation.enterprise?.name ?? "";
      const body = [
        '<div class="fr-alert fr-alert--success fr-mb-3w">',
        `<p>${escapeHtml(labels.installed(workspace))}</p></div>`,
        '<ul class="fr-btns-group fr-btns-group--inline-md">',
        `<li><a class="fr-btn" href="${escapeHtml(desktop)}">${escapeHtml(labels.openSlack)}</a></li>`,
        `<li><a class="fr-btn fr-btn--secondary" href="${escapeHtml(web)}" target="_blank" rel="noopener">`,
        `${escapeHtml(labels.openWeb)}</a></li></ul>`,
      ].join("");
      const redirect = `<meta http-equiv="refresh" content="0; URL=${escapeHtml(desktop)}">`;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(htmlPage(look, labels.installedTitle, body, { head: redirect }));
    },
    failure(error, _options, _req, res) {
      const status = BROWSER_ERRORS.has(error.code) ? 400 : 500;
      const body = `<div class="fr-alert fr-alert--error"><p>${escapeHtml(labels.failed(error.code))}</p></div>`;
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
      res.end(htmlPage(look, labels.failedTitle, body));
    },
  };
}
