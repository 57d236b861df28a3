import { inTransaction } from "../../db/transaction.ts";
import { type ActivationLinkProblem, activationLinkProblem } from "../../domain/activation-links.ts";
import { MIN_PASSWORD_LENGTH, type PasswordProblem, passwordProblem } from "../../domain/password-policy.ts";
import { AppError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import { activationTokenHash } from "../../security/activation-tokens.ts";
import { hashPassword } from "../../security/passwords.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { reserveActivationAttempt } from "./activation-attempts.ts";

/** Who the link activates, as the activation page greets them. */
export interface ActivatedAccount {
  loginEmail: string;
  firstName: string;
  lastName: string;
}

export type ActivationLinkState =
  | { usable: true; account: ActivatedAccount }
  | { usable: false; problem: ActivationLinkProblem };

const TOKEN_SELECT = {
  id: true,
  expiresAt: true,
  usedAt: true,
  revokedAt: true,
  user: { select: { id: true, status: true, loginEmail: true, firstName: true, lastName: true } },
} as const;

/** Whether the secret of an activation link still works, read before the page shows its form. */
export async function inspectActivationLink(
  ctx: ServiceContext,
  secret: string,
): Promise<ActivationLinkState> {
  const token = await ctx.prisma.activationToken.findFirst({
    where: { tokenHashes: { has: activationTokenHash(secret) } },
    select: TOKEN_SELECT,
  });
  const problem = activationLinkProblem(token, ctx.now());
  if (problem || !token) return { usable: false, problem: problem ?? "unknown" };
  const { loginEmail, firstName, lastName } = token.user;
  return { usable: true, account: { loginEmail, firstName, lastName } };
}

/** What the activation page says of a password that breaks a rule of the policy. */
function passwordProblemText(messages: Messages, problem: PasswordProblem): string {
  const labels = messages.activation;
  return {
    too_short: labels.passwordTooShort(MIN_PASSWORD_LENGTH),
    blank: labels.passwordBlank,
    contains_login: labels.passwordContainsLogin,
    contains_name: labels.passwordContainsName,
    common: labels.passwordCommon,
    too_weak: labels.passwordTooWeak,
    mismatch: labels.passwordMismatch,
  }[problem];
}

/** Rolls the activation back when the link turns out unusable inside the transaction (a race lost). */
class LinkBecameUnusable extends Error {
  constructor(readonly problem: ActivationLinkProblem) {
    super(`activation link unusable: ${problem}`);
  }
}

export type ActivationOutcome =
  | { activated: true; account: ActivatedAccount }
  | { activated: false; problem: ActivationLinkProblem }
  /** Too many failed submissions on this link or from this client lately: not judged. */
  | { activated: false; problem: "throttled"; retryAfterSeconds: number };

/**
 * The account holder chose a password on the activation page: the account gets it (hashed) and
 * becomes active, the link is used up, and each structure the account is attached to records it,
 * in one transaction. The link is consumed by a conditional update, so of two concurrent submissions
 * exactly one activates; the other is told the link has already served. Every submission first counts
 * against the link and the `client` (its address): past their share of failures, it is not judged.
 */
export async function activateAccount(
  ctx: ServiceContext,
  input: { secret: string; password: string; confirmation: string; client: string },
): Promise<ActivationOutcome> {
  const { messages } = ctx;
  const tokenHash = activationTokenHash(input.secret);
  const attempt = await reserveActivationAttempt(ctx, { tokenHash, client: input.client });
  if (!attempt.allowed) {
    ctx.logger.warn({ client: input.client }, "activation page submissions throttled");
    return { activated: false, problem: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const state = await inspectActivationLink(ctx, input.secret);
  if (!state.usable) return { activated: false, problem: state.problem };
  const problem = await passwordProblem(input.password, input.confirmation, state.account);
  if (problem) {
    const message = passwordProblemText(messages, problem);
    throw new AppError("invalid_input", message, [
      { field: problem === "mismatch" ? "confirmation" : "password", message },
    ]);
  }
  // Hashed before the transaction: scrypt is slow on purpose, and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  try {
    const account = await inTransaction(ctx.prisma, async (tx) => {
      const now = ctx.now();
      const ofLink = { tokenHashes: { has: tokenHash } };
      const consumed = await tx.activationToken.updateMany({
        where: { ...ofLink, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      const token = await tx.activationToken.findFirst({ where: ofLink, select: TOKEN_SELECT });
      if (consumed.count === 0 || !token) {
        throw new LinkBecameUnusable(activationLinkProblem(token, now) ?? "used");
      }
      const activated = await tx.userAccount.updateMany({
        where: { id: token.user.id, status: "PENDING_ACTIVATION" },
        data: { status: "ACTIVE", passwordHash },
      });
      if (activated.count === 0) throw new LinkBecameUnusable("account_not_pending");
      // An activation is no failed attempt: it does not count against the client.
      await tx.activationAttempt.deleteMany({ where: { id: attempt.attemptId } });
      const structures = await tx.attachment.findMany({
        where: { userId: token.user.id, status: "VALIDATED" },
        select: { structureId: true },
        distinct: ["structureId"],
      });
      for (const { structureId } of structures) {
        await appendHistory(tx, {
          structureId,
          action: "ACCOUNT_ACTIVATED",
          actorId: token.user.id,
          targetUserId: token.user.id,
          createdAt: now,
        });
      }
      return token.user;
    });
    ctx.logger.info({ accountId: account.id }, "account activated");
    const { loginEmail, firstName, lastName } = account;
    return { activated: true, account: { loginEmail, firstName, lastName } };
  } catch (error) {
    if (error instanceof LinkBecameUnusable) return { activated: false, problem: error.problem };
    throw error;
  }
}
