import { isUniqueViolation } from "../../db/errors.ts";
import { type BeforeCommit, inTransaction, type Tx } from "../../db/transaction.ts";
import { nameKeys } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { UserAccount } from "../../generated/prisma/client.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";

export interface NewAccount {
  loginEmail: string;
  lastName: string;
  firstName: string;
  contactEmail?: string | null;
}

/** Login e-mails are compared case-insensitively: stored lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Accounts pushed by systems mirror existing Chorus Pro accounts, so they are created active (a
 * manager-created one waits for activation).
 */
function activeAccountData(account: NewAccount) {
  return {
    loginEmail: normalizeEmail(account.loginEmail),
    lastName: account.lastName,
    firstName: account.firstName,
    ...nameKeys(account),
    contactEmail: account.contactEmail ? normalizeEmail(account.contactEmail) : null,
    status: "ACTIVE" as const,
  };
}

/** The account with that login e-mail, or a new active one; a deactivated one is refused. */
export async function ensureAccount(tx: Tx, messages: Messages, account: NewAccount, field: string) {
  const loginEmail = normalizeEmail(account.loginEmail);
  const existing = await tx.userAccount.findUnique({ where: { loginEmail } });
  if (existing?.status === "DEACTIVATED") {
    const message = messages.errors.userDeactivated(loginEmail);
    throw new AppError("conflict", message, [{ field, message }]);
  }
  if (existing) return existing;
  // Another transaction may be creating the same account at this moment (two structures pushed at
  // once for one new manager): ON CONFLICT DO NOTHING waits for it, then this one takes its account.
  // (Prisma's upsert reads, then inserts: it would fail on the unique login e-mail instead.)
  await tx.userAccount.createMany({ data: [activeAccountData(account)], skipDuplicates: true });
  return tx.userAccount.findUniqueOrThrow({ where: { loginEmail } });
}

/**
 * Registers a user account pushed by a system; its login e-mail must be new. `beforeCommit` ends its
 * transaction (the API's idempotent answer).
 */
export async function createUser(
  ctx: ServiceContext,
  account: NewAccount,
  beforeCommit?: BeforeCommit<UserAccount>,
) {
  const loginEmail = normalizeEmail(account.loginEmail);
  try {
    return await inTransaction(ctx.prisma, async (tx) => {
      const user = await tx.userAccount.create({ data: activeAccountData(account) });
      await beforeCommit?.(tx, user);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = ctx.messages.errors.userExists(loginEmail);
      throw new AppError("conflict", message, [{ field: "loginEmail", message }]);
    }
    throw error;
  }
}
