import type { AccountStatus } from "../../generated/prisma/enums.ts";

/** An account as a manager's answer names it (who was e-mailed, detached, skipped…). */
export interface AccountSummary {
  id: string;
  loginEmail: string;
  lastName: string;
  firstName: string;
  status: AccountStatus;
}

/** The Prisma `select` that reads an AccountSummary. */
export const ACCOUNT_SUMMARY_SELECT = {
  id: true,
  loginEmail: true,
  lastName: true,
  firstName: true,
  status: true,
} as const;
