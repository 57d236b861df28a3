import express, { type ErrorRequestHandler, type Response, Router } from "express";
import { type ActivationLinkProblem, MIN_PASSWORD_LENGTH } from "../domain/activation-links.ts";
import { clientErrorStatus, isAppError } from "../errors.ts";
import type { Messages } from "../i18n/index.ts";
import { escapeHtml } from "../notify/emails.ts";
import {
  type ActivatedAccount,
  activateAccount,
  inspectActivationLink,
} from "../services/activate-account.ts";
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

function passwordForm(messages: Messages, account: ActivatedAccount, error: string | null): string {
  const labels = messages.activation;
  const name = `${account.firstName} ${account.lastName}`;
  return htmlPage(
    messages,
    labels.pageTitle,
    [
      `<p>${escapeHtml(labels.pageIntro(name, account.loginEmail))}</p>`,
      error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "",
      // No action attribute: the form posts back to the link itself, whose secret authorises it.
      '<form method="post">',
      `<label for="password">${escapeHtml(labels.passwordLabel(MIN_PASSWORD_LENGTH))}</label>`,
      `<input id="password" name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>`,
      `<label for="confirmation">${escapeHtml(labels.confirmationLabel)}</label>`,
      `<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>`,
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
    res.type("html").send(passwordForm(messages, state.account, null));
  });
  router.post("/:secret", express.urlencoded({ extended: false, limit: "10kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof form[name] === "string" ? form[name] : "");
    try {
      const outcome = await activateAccount(ctx, {
        secret: req.params.secret,
        password: field("password"),
        confirmation: field("confirmation"),
      });
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
        .send(passwordForm(messages, state.account, error.message));
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
