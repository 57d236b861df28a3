import express, { type ErrorRequestHandler, type Response, Router } from "express";
import type { ActivationLinkProblem } from "../domain/activation-links.ts";
import { clientKey } from "../domain/activation-throttle.ts";
import { MIN_PASSWORD_LENGTH } from "../domain/password-policy.ts";
import { type AppError, clientErrorStatus, type FieldError, isAppError } from "../errors.ts";
import type { Messages } from "../i18n/index.ts";
import { escapeHtml } from "../notify/emails.ts";
import {
  type ActivatedAccount,
  activateAccount,
  inspectActivationLink,
} from "../services/accounts/activate-account.ts";
import type { ServiceContext } from "../services/context.ts";
import { htmlPage } from "./html-page.ts";

/** A link that never existed is 404; one that existed but no longer works is 410 Gone. */
function statusOf(problem: ActivationLinkProblem): number {
  return problem === "unknown" ? 404 : 410;
}

function problemText(messages: Messages, problem: ActivationLinkProblem): string {
  const labels = messages.activation;
  return {
    unknown: labels.linkUnknown,
    expired: labels.linkExpired,
    used: labels.linkUsed,
    revoked: labels.linkRevoked,
    account_not_pending: labels.accountNotPending,
  }[problem];
}

/** A password field, with the rule it broke (if it did) said next to it and tied to it for screen readers. */
function passwordField(
  id: string,
  label: string,
  hint: string | null,
  error: FieldError | undefined,
): string {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return [
    `<label for="${id}">${escapeHtml(label)}</label>`,
    `<input id="${id}" name="${id}" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required`,
    described ? ` aria-describedby="${described}"` : "",
    error ? ' aria-invalid="true">' : ">",
    error ? `<p id="${id}-error" class="error" role="alert">${escapeHtml(error.message)}</p>` : "",
    hint ? `<p id="${id}-hint">${escapeHtml(hint)}</p>` : "",
  ].join("");
}

/** The field errors of a refused submission; one without details is said at the password field. */
function fieldErrors(error: AppError): FieldError[] {
  return error.details.length > 0 ? error.details : [{ field: "password", message: error.message }];
}

function passwordForm(messages: Messages, account: ActivatedAccount, errors: FieldError[]): string {
  const labels = messages.activation;
  const name = `${account.firstName} ${account.lastName}`;
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  return htmlPage(
    messages,
    labels.pageTitle,
    [
      `<p>${escapeHtml(labels.pageIntro(name, account.loginEmail))}</p>`,
      // No action attribute: the form posts back to the link itself, whose secret authorises it.
      '<form method="post">',
      passwordField(
        "password",
        labels.passwordLabel(MIN_PASSWORD_LENGTH),
        labels.passwordHint,
        errorOf("password"),
      ),
      passwordField("confirmation", labels.confirmationLabel, null, errorOf("confirmation")),
      `<button type="submit">${escapeHtml(labels.submit)}</button>`,
      "</form>",
    ].join(""),
  );
}

function sendUnusable(res: Response, messages: Messages, problem: ActivationLinkProblem): void {
  const body = `<p>${escapeHtml(problemText(messages, problem))}</p><p>${escapeHtml(messages.activation.askManager)}</p>`;
  res
    .status(statusOf(problem))
    .type("html")
    .send(htmlPage(messages, messages.activation.unusableTitle, body));
}

/** 429 with Retry-After: too many failed submissions on this link or from this client lately. */
function sendThrottled(res: Response, messages: Messages, retryAfterSeconds: number): void {
  const labels = messages.activation;
  const body = `<p class="error" role="alert">${escapeHtml(labels.throttled(Math.ceil(retryAfterSeconds / 60)))}</p>`;
  res
    .status(429)
    .set("Retry-After", String(retryAfterSeconds))
    .type("html")
    .send(htmlPage(messages, labels.throttledTitle, body));
}

/**
 * The page behind the link of an activation e-mail (`/activation/<secret>`): GET shows the form to
 * choose a password, POST activates the account. The secret is in the URL, so the pages are never
 * cached and never sent as a referrer.
 */
export function createActivationRouter(ctx: ServiceContext): Router {
  const { messages } = ctx;
  const router = Router();
  router.use((_req, res, next) => {
    res.set({
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    });
    next();
  });
  router.get("/:secret", async (req, res) => {
    const state = await inspectActivationLink(ctx, req.params.secret);
    if (!state.usable) return sendUnusable(res, messages, state.problem);
    res.type("html").send(passwordForm(messages, state.account, []));
  });
  router.post("/:secret", express.urlencoded({ extended: false, limit: "10kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof form[name] === "string" ? form[name] : "");
    try {
      const outcome = await activateAccount(ctx, {
        secret: req.params.secret,
        password: field("password"),
        confirmation: field("confirmation"),
        client: clientKey(req.ip),
      });
      if (!outcome.activated && outcome.problem === "throttled")
        return sendThrottled(res, messages, outcome.retryAfterSeconds);
      if (!outcome.activated) return sendUnusable(res, messages, outcome.problem);
      const body = `<p>${escapeHtml(messages.activation.activatedBody(outcome.account.loginEmail))}</p>`;
      res.type("html").send(htmlPage(messages, messages.activation.activatedTitle, body));
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_input") throw error;
      // The form again, with what is wrong: the link still works.
      const state = await inspectActivationLink(ctx, req.params.secret);
      if (!state.usable) return sendUnusable(res, messages, state.problem);
      res
        .status(400)
        .type("html")
        .send(passwordForm(messages, state.account, fieldErrors(error)));
    }
  });
  router.use(((error, _req, res, _next) => {
    // A request that could not be read (undecodable path, form too large…) is the sender's fault.
    const status = clientErrorStatus(error);
    if (status === null) ctx.logger.error({ err: error }, "activation page failed");
    const body = `<p>${escapeHtml(status === null ? messages.errors.unexpected : messages.errors.invalidInput)}</p>`;
    res
      .status(status ?? 500)
      .type("html")
      .send(htmlPage(messages, messages.activation.pageTitle, body));
  }) satisfies ErrorRequestHandler);
  return router;
}
