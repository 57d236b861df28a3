import type { ExpressReceiverOptions } from "@slack/bolt";
import { htmlPage } from "../http/html-page.ts";
import type { Messages } from "../i18n/index.ts";
import { escapeHtml } from "../notify/emails.ts";

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
export function oauthCallbackOptions(messages: Messages): CallbackOptions {
  const labels = messages.oauthPages;
  return {
    success(installation, _options, _req, res) {
      const team = installation.team;
      const desktop =
        team && installation.appId ? `slack://app?team=${team.id}&id=${installation.appId}` : "slack://open";
      const web = team ? `https://app.slack.com/client/${team.id}` : "https://app.slack.com/";
      const workspace = team?.name ?? team?.id ?? installation.enterprise?.name ?? "";
      const body = [
        `<p>${escapeHtml(labels.installed(workspace))}</p>`,
        `<p><a href="${escapeHtml(desktop)}">${escapeHtml(labels.openSlack)}</a> · `,
        `<a href="${escapeHtml(web)}" target="_blank" rel="noopener">${escapeHtml(labels.openWeb)}</a></p>`,
      ].join("");
      const redirect = `<meta http-equiv="refresh" content="0; URL=${escapeHtml(desktop)}">`;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(htmlPage(messages, labels.installedTitle, body, redirect));
    },
    failure(error, _options, _req, res) {
      const status = BROWSER_ERRORS.has(error.code) ? 400 : 500;
      const body = `<p class="error">${escapeHtml(labels.failed(error.code))}</p>`;
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
      res.end(htmlPage(messages, labels.failedTitle, body));
    },
  };
}
