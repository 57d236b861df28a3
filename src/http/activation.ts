import escapeHtml from "escape-html";
import express, { type ErrorRequestHandler, type Request, type Response, Router } from "express";
import type { ActivationLinkProblem } from "../domain/activation-links.ts";
import { clientKey } from "../domain/activation-throttle.ts";
import {
  MIN_PASSWORD_LENGTH,
  PASSWORD_RULES,
  type PasswordRule,
  passwordRuleStates,
  type RuleState,
} from "../domain/password-policy.ts";
import { type AppError, clientErrorStatus, type FieldError, isAppError } from "../errors.ts";
import { activationFormToken, isActivationFormToken } from "../security/form-tokens.ts";
import {
  type ActivatedAccount,
  activateAccount,
  inspectActivationLink,
} from "../services/accounts/activate-account.ts";
import type { ServiceContext } from "../services/context.ts";
import { htmlPage, PAGE_ASSETS_PATH, type PageLook } from "./html-page.ts";

/** A link that never existed is 404; one that existed but no longer works is 410 Gone. */
function statusOf(problem: ActivationLinkProblem): number {
  return problem === "unknown" ? 404 : 410;
}

/** A DSFR alert: `kind` success, error, warning or info. */
function alert(kind: string, title: string, text: string, role = ""): string {
  return [
    `<div class="fr-alert fr-alert--${kind} fr-mb-3w"${role ? ` role="${role}"` : ""}>`,
    `<h2 class="fr-alert__title">${escapeHtml(title)}</h2><p>${escapeHtml(text)}</p></div>`,
  ].join("");
}

/** The DSFR message class of a rule's state. */
const STATE_CLASS: Record<RuleState, string> = { met: "valid", broken: "error", unchecked: "info" };

/**
 * The password rules beside the field, each with its state, said in words for screen readers too;
 * a polite live region, so that assets/password-rules.js's changes are heard without interrupting.
 */
function rulesList(look: PageLook, states: Record<PasswordRule, RuleState>): string {
  const labels = look.messages.activation;
  const text: Record<PasswordRule, string> = {
    length: labels.ruleLength(MIN_PASSWORD_LENGTH),
    personal: labels.rulePersonal,
    strength: labels.ruleStrength,
    same: labels.ruleSame,
  };
  const said: Record<RuleState, string> = {
    met: labels.ruleMet,
    broken: labels.ruleBroken,
    unchecked: labels.ruleUnchecked,
  };
  const items = PASSWORD_RULES.map((rule) => {
    const state = states[rule];
    return [
      `<p class="fr-message fr-message--${STATE_CLASS[state]}" data-rule="${rule}" data-state="${state}">`,
      `${escapeHtml(text[rule])}<span class="fr-sr-only"> (${escapeHtml(said[state])})</span></p>`,
    ].join("");
  });
  return [
    '<div class="fr-messages-group" id="password-rules" aria-live="polite">',
    `<p class="fr-message">${escapeHtml(labels.rulesTitle)}</p>`,
    ...items,
    "</div>",
  ].join("");
}

/** A password field, with the rule it broke (if it did) said under it and tied to it for screen readers. */
function passwordField(
  id: string,
  label: string,
  hint: string | null,
  error: FieldError | undefined,
  after = "",
): string {
  const described = [error ? `${id}-error` : null, after ? "password-rules" : null].filter(Boolean).join(" ");
  return [
    `<div class="fr-input-group${error ? " fr-input-group--error" : ""}">`,
    `<label class="fr-label" for="${id}">${escapeHtml(label)}`,
    hint ? `<span class="fr-hint-text" id="${id}-hint">${escapeHtml(hint)}</span>` : "",
    "</label>",
    `<input class="fr-input${error ? " fr-input--error" : ""}" id="${id}" name="${id}" type="password"`,
    ' autocomplete="new-password" required',
    described ? ` aria-describedby="${described}"` : "",
    error ? ' aria-invalid="true">' : ">",
    error ? `<p id="${id}-error" class="fr-error-text">${escapeHtml(error.message)}</p>` : "",
    after,
    "</div>",
  ].join("");
}

/** The field errors of a refused submission; one without details is said at the password field. */
function fieldErrors(error: AppError): FieldError[] {
  return error.details.length > 0 ? error.details : [{ field: "password", message: error.message }];
}

interface FormState {
  errors: FieldError[];
  rules: Record<PasswordRule, RuleState>;
}

const UNCHECKED: FormState["rules"] = {
  length: "unchecked",
  personal: "unchecked",
  strength: "unchecked",
  same: "unchecked",
};

function passwordForm(look: PageLook, account: ActivatedAccount, csrf: string, form: FormState): string {
  const labels = look.messages.activation;
  const name = `${account.firstName} ${account.lastName}`;
  const errorOf = (field: string) => form.errors.find((error) => error.field === field);
  // What the live script needs to judge the rules as the person types (the page shows them already).
  const personal = JSON.stringify([account.loginEmail, account.firstName, account.lastName]);
  const said = JSON.stringify({
    met: labels.ruleMet,
    broken: labels.ruleBroken,
    unchecked: labels.ruleUnchecked,
  });
  const summary =
    form.errors.length > 0
      ? alert("error", labels.errorSummaryTitle, form.errors.map((error) => error.message).join(" "), "alert")
      : "";
  return htmlPage(
    look,
    labels.pageTitle,
    [
      `<p>${escapeHtml(labels.pageIntro(name, account.loginEmail))}</p>`,
      summary,
      // No action attribute: the form posts back to the link itself, whose secret authorises it.
      // novalidate: the server's messages, tied to the fields, rather than the browser's bubbles.
      `<form method="post" novalidate data-min-length="${MIN_PASSWORD_LENGTH}"`,
      ` data-personal="${escapeHtml(personal)}" data-states="${escapeHtml(said)}">`,
      `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`,
      passwordField(
        "password",
        labels.passwordLabel(MIN_PASSWORD_LENGTH),
        labels.passwordHint,
        errorOf("password"),
        rulesList(look, form.rules),
      ),
      passwordField("confirmation", labels.confirmationLabel, null, errorOf("confirmation")),
      `<button class="fr-btn" type="submit">${escapeHtml(labels.submit)}</button>`,
      "</form>",
    ].join(""),
    { scripts: [`${PAGE_ASSETS_PATH}/password-rules.js`] },
  );
}

function problemText(look: PageLook, problem: ActivationLinkProblem): string {
  const labels = look.messages.activation;
  return {
    unknown: labels.linkUnknown,
    expired: labels.linkExpired,
    used: labels.linkUsed,
    revoked: labels.linkRevoked,
    account_not_pending: labels.accountNotPending,
  }[problem];
}

/** What happened to the link, and whom to ask for a new one. */
function sendUnusable(res: Response, look: PageLook, problem: ActivationLinkProblem): void {
  const labels = look.messages.activation;
  const body = alert("error", problemText(look, problem), labels.askManager);
  res
    .status(statusOf(problem))
    .type("html")
    .send(htmlPage(look, labels.unusableTitles[problem], body));
}

/** 429 with Retry-After: too many failed submissions on this link or from this client lately. */
function sendThrottled(res: Response, look: PageLook, retryAfterSeconds: number): void {
  const labels = look.messages.activation;
  const body = alert("warning", labels.throttledTitle, labels.throttled(Math.ceil(retryAfterSeconds / 60)));
  res
    .status(429)
    .set("Retry-After", String(retryAfterSeconds))
    .type("html")
    .send(htmlPage(look, labels.throttledTitle, body));
}

/**
 * Whether the browser says the form was sent from another site. Sec-Fetch-Site is the browsers'
 * own word; Origin the older one (with no-referrer, a browser sends `Origin: null` even from the
 * page itself, so "null" proves nothing either way and the signed token decides).
 */
function crossSite(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.get("origin");
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).host !== req.get("host");
  } catch {
    return true;
  }
}

export interface ActivationPages {
  look: PageLook;
  /** Signs the form's anti-forgery token (src/security/form-tokens.ts). */
  formKey: Buffer;
}

/**
 * The page behind the link of an activation e-mail (`/activation/<secret>`): GET shows the form to
 * choose a password, POST activates the account. The secret is in the URL, so the pages are never
 * cached; server.ts sets the CSP and Referrer-Policy: no-referrer of every page. A POST needs the
 * form's signed token and must not come from another site.
 */
export function createActivationRouter(ctx: ServiceContext, pages: ActivationPages): Router {
  const { look, formKey } = pages;
  const router = Router();
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  const showForm = (
    res: Response,
    secret: string,
    account: ActivatedAccount,
    form: FormState,
    status = 200,
  ) =>
    res
      .status(status)
      .type("html")
      .send(passwordForm(look, account, activationFormToken(formKey, secret), form));
  router.get("/:secret", async (req, res) => {
    const state = await inspectActivationLink(ctx, req.params.secret);
    if (!state.usable) return sendUnusable(res, look, state.problem);
    showForm(res, req.params.secret, state.account, { errors: [], rules: UNCHECKED });
  });
  router.post("/:secret", express.urlencoded({ extended: false, limit: "10kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof form[name] === "string" ? form[name] : "");
    if (crossSite(req) || !isActivationFormToken(formKey, req.params.secret, form.csrf)) {
      ctx.logger.warn(
        { client: clientKey(req.ip) },
        "activation form refused: cross-site or without its token",
      );
      const labels = look.messages.activation;
      const body = alert("error", labels.forbiddenTitle, labels.forbidden);
      return void res
        .status(403)
        .type("html")
        .send(htmlPage(look, labels.forbiddenTitle, body));
    }
    const password = field("password");
    const confirmation = field("confirmation");
    try {
      const outcome = await activateAccount(ctx, {
        secret: req.params.secret,
        password,
        confirmation,
        client: clientKey(req.ip),
      });
      if (!outcome.activated && outcome.problem === "throttled")
        return sendThrottled(res, look, outcome.retryAfterSeconds);
      if (!outcome.activated) return sendUnusable(res, look, outcome.problem);
      const labels = look.messages.activation;
      const body = alert("success", labels.activatedTitle, labels.activatedBody(outcome.account.loginEmail));
      res.type("html").send(htmlPage(look, labels.activatedTitle, body));
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_input") throw error;
      // The form again, with what is wrong and every rule's state: the link still works.
      const state = await inspectActivationLink(ctx, req.params.secret);
      if (!state.usable) return sendUnusable(res, look, state.problem);
      const rules = await passwordRuleStates(password, confirmation, state.account);
      showForm(res, req.params.secret, state.account, { errors: fieldErrors(error), rules }, 400);
    }
  });
  router.use(((error, _req, res, _next) => {
    // A request that could not be read (undecodable path, form too large…) is the sender's fault.
    const status = clientErrorStatus(error);
    if (status === null) ctx.logger.error({ err: error }, "activation page failed");
    const { messages } = look;
    const text = status === null ? messages.errors.unexpected : messages.errors.invalidInput;
    res
      .status(status ?? 500)
      .type("html")
      .send(htmlPage(look, messages.activation.pageTitle, `<p>${escapeHtml(text)}</p>`));
  }) satisfies ErrorRequestHandler);
  return router;
}
