import type { AccountStatus } from "../generated/prisma/enums.ts";

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
