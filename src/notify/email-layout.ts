import escapeHtml from "escape-html";
import type { Messages } from "../i18n/index.ts";
import type { EmailPayload } from "./outbox.ts";

/** One piece of an e-mail's body, rendered alike in its plain text and its HTML. */
export type EmailBlock =
  | { paragraph: string }
  /** A link the reader must follow: a button in HTML, and its full address as text in both parts. */
  | { button: { label: string; url: string } };

/** What an e-mail says, before it is laid out. */
export interface EmailContent {
  to: string;
  subject: string;
  /** The heading under the app's band. */
  title: string;
  greeting: string;
  blocks: readonly EmailBlock[];
}

// The look of the app's pages (the State's design system, DSFR): bleu France, grey text, Marianne.
const BLUE = "#000091";
const TEXT = "#3a3a3a";
const FONT = "font-family:Marianne,Arial,Helvetica,sans-serif";

function htmlLines(text: string): string {
  return escapeHtml(text).replace(/\n/g, "<br>");
}

function blockText(messages: Messages, block: EmailBlock): string {
  if ("paragraph" in block) return block.paragraph;
  return `${block.button.label}${messages.colon.trimEnd()}\n${block.button.url}`;
}

/**
 * A bulletproof button (a link filling a coloured table cell: no image, no CSS the mail client may
 * drop), then the address written out, for clients that show no button or readers who copy it.
 */
function buttonHtml(messages: Messages, { label, url }: { label: string; url: string }): string {
  const href = escapeHtml(url);
  return [
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px">',
    `<tr><td bgcolor="${BLUE}" style="background-color:${BLUE}">`,
    `<a href="${href}" style="display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none">${escapeHtml(label)}</a>`,
    "</td></tr></table>",
    `<p style="margin:0 0 16px;font-size:14px">${escapeHtml(messages.emails.linkAsText)}<br>`,
    `<a href="${href}" style="color:${BLUE};word-break:break-all">${href}</a></p>`,
  ].join("");
}

function blockHtml(messages: Messages, block: EmailBlock): string {
  if ("paragraph" in block) return `<p style="margin:0 0 16px">${htmlLines(block.paragraph)}</p>`;
  return buttonHtml(messages, block.button);
}

/**
 * Lays out every e-mail the app sends: the same blocks as plain text and as HTML (so the two parts
 * cannot drift), in the configured language. The HTML is tables with inline styles, since many mail
 * clients drop <style>, and has no image: it reads the same with images blocked.
 */
export function renderEmailLayout(messages: Messages, content: EmailContent): EmailPayload {
  const labels = messages.emails;
  const language = messages.dateTime.locale.slice(0, 2);
  const text = [
    labels.appName,
    "",
    content.title,
    "",
    content.greeting,
    "",
    content.blocks.map((block) => blockText(messages, block)).join("\n\n"),
    "",
    "--",
    labels.signature,
  ].join("\n");
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f6f6f6">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f6f6f6">',
    '<tr><td align="center" style="padding:24px 8px">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse">',
    `<tr><td bgcolor="${BLUE}" style="background-color:${BLUE};padding:16px 24px;${FONT};font-size:18px;font-weight:bold;color:#ffffff">${escapeHtml(labels.appName)}</td></tr>`,
    `<tr><td style="padding:24px;${FONT};font-size:16px;line-height:24px;color:${TEXT}">`,
    `<h1 style="margin:0 0 24px;font-size:22px;line-height:28px;color:#161616">${escapeHtml(content.title)}</h1>`,
    `<p style="margin:0 0 16px">${htmlLines(content.greeting)}</p>`,
    ...content.blocks.map((block) => blockHtml(messages, block)),
    "</td></tr>",
    `<tr><td style="border-top:1px solid #dddddd;padding:16px 24px;${FONT};font-size:13px;line-height:20px;color:#666666">`,
    `${escapeHtml(labels.signature)}<br>${escapeHtml(labels.appName)}</td></tr>`,
    "</table></td></tr></table></body></html>",
  ].join("");
  return { to: content.to, subject: content.subject, text, html, language };
}
