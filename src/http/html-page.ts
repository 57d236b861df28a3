import type { Messages } from "../i18n/index.ts";
import { escapeHtml } from "../notify/emails.ts";

/**
 * A whole page of the app's own (account activation, Slack installation) around already escaped body
 * HTML, in the configured language. `head` adds to the page's head (a redirection, say).
 */
export function htmlPage(messages: Messages, title: string, body: string, head = ""): string {
  const lang = messages.dateTime.locale.slice(0, 2);
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    head,
    `<title>${escapeHtml(title)}</title>`,
    "<style>body{font-family:Arial,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1e1e1e}",
    "label{display:block;margin-top:1rem}input{width:100%;padding:.4rem;box-sizing:border-box}",
    "button{margin-top:1.5rem;padding:.5rem 1rem}.error{color:#b00020}</style></head><body>",
    `<h1>${escapeHtml(title)}</h1>`,
    body,
    "</body></html>",
  ].join("");
}
