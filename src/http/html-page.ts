import escapeHtml from "escape-html";
import type { Messages } from "../i18n/index.ts";

/** Where the app serves the State's design system (DSFR) and its own page assets (see static-assets.ts). */
export const DSFR_PATH = "/static/dsfr";
export const PAGE_ASSETS_PATH = "/static/pages";

/**
 * How the app's pages look: their language, and whether the deploying organisation is a public body
 * (config PUBLIC_BODY). Only a public body may show the State's brand (the « République française »
 * logo block and the Marianne font); anyone else gets the same DSFR components without it.
 */
export interface PageLook {
  messages: Messages;
  publicBody: boolean;
}

export interface PageOptions {
  /** Added to the page's head (a redirection, say). */
  head?: string;
  /** Scripts served by the app (paths): the CSP forbids inline ones. */
  scripts?: string[];
}

/** The State's logo block: Marianne's « République française », public bodies only. */
function stateLogo(look: PageLook, extraClass = ""): string {
  const lines = look.messages.pages.republic.map(escapeHtml).join("<br>");
  return `<p class="fr-logo${extraClass}">${lines}</p>`;
}

function header(look: PageLook): string {
  const labels = look.messages.pages;
  const logo = look.publicBody
    ? `<div class="fr-header__brand-top"><div class="fr-header__logo">${stateLogo(look)}</div></div>`
    : "";
  return [
    '<header role="banner" class="fr-header"><div class="fr-header__body"><div class="fr-container">',
    '<div class="fr-header__body-row"><div class="fr-header__brand">',
    logo,
    '<div class="fr-header__service">',
    `<p class="fr-header__service-title">${escapeHtml(labels.serviceTitle)}</p>`,
    `<p class="fr-header__service-tagline">${escapeHtml(labels.serviceTagline)}</p>`,
    "</div></div></div></div></div></header>",
  ].join("");
}

function footer(look: PageLook): string {
  const labels = look.messages.pages;
  const brand = look.publicBody ? `<div class="fr-footer__brand">${stateLogo(look)}</div>` : "";
  return [
    '<footer class="fr-footer" role="contentinfo" id="footer"><div class="fr-container">',
    `<div class="fr-footer__body">${brand}<div class="fr-footer__content">`,
    `<p class="fr-footer__content-desc">${escapeHtml(labels.footerDescription)}</p></div></div>`,
    '<div class="fr-footer__bottom"><ul class="fr-footer__bottom-list"><li class="fr-footer__bottom-item">',
    `<a class="fr-footer__bottom-link" href="${DSFR_PATH}/LICENSE.md">${escapeHtml(labels.designSystemLicence)}</a>`,
    "</li></ul></div></div></footer>",
  ].join("");
}

/**
 * A whole page of the app's own (account activation, Slack installation) around already escaped body
 * HTML, in the configured language, with the DSFR's header and footer. No inline style or script:
 * the Content-Security-Policy (server.ts) allows only the files the app serves.
 */
export function htmlPage(look: PageLook, title: string, body: string, options: PageOptions = {}): string {
  const lang = look.messages.dateTime.locale.slice(0, 2);
  const labels = look.messages.pages;
  const scripts = (options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`);
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    options.head ?? "",
    `<title>${escapeHtml(title)} – ${escapeHtml(labels.serviceTitle)}</title>`,
    `<link rel="stylesheet" href="${DSFR_PATH}/dsfr.min.css">`,
    `<link rel="stylesheet" href="${PAGE_ASSETS_PATH}/pages.css">`,
    ...scripts,
    "</head><body>",
    `<div class="fr-skiplinks"><nav class="fr-container" aria-label="${escapeHtml(labels.skipLinks)}">`,
    `<ul class="fr-skiplinks__list"><li><a class="fr-link" href="#main">${escapeHtml(labels.skipToContent)}</a></li></ul></nav></div>`,
    header(look),
    '<main id="main" tabindex="-1" class="fr-container fr-my-6w"><div class="fr-grid-row fr-grid-row--center">',
    '<div class="fr-col-12 fr-col-md-10 fr-col-lg-8">',
    `<h1>${escapeHtml(title)}</h1>`,
    body,
    "</div></div></main>",
    footer(look),
    "</body></html>",
  ].join("");
}
