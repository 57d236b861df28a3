import type { AccountStatus } from "../generated/prisma/enums.ts";

/** The password an account holder chooses on the activation page must be at least this long. */
export const MIN_PASSWORD_LENGTH = 12;

/** Why an activation link cannot be used. */
export type ActivationLinkProblem = "unknown" | "expired" | "used" | "revoked" | "account_not_pending";

/** An activation token as stored, with the status of its account. */
export interface StoredActivationToken {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  user: { status: AccountStatus };
}

/** Whether a link works at `now`, or why not (a used link says so even once it has also expired). */
export function activationLinkProblem(
  token: StoredActivationToken | null,
  now: Date,
): ActivationLinkProblem | null {
  if (!token) return "unknown";
  if (token.usedAt) return "used";
  if (token.revokedAt) return "revoked";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  if (token.user.status !== "PENDING_ACTIVATION") return "account_not_pending";
  return null;
}

export type PasswordProblem = "too_short" | "mismatch";

/** Checks the password chosen on the activation page and its confirmation. */
export function passwordProblem(password: string, confirmation: string): PasswordProblem | null {
  // Counted in characters as people see them, not UTF-16 units.
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password !== confirmation) return "mismatch";
  return null;
}
