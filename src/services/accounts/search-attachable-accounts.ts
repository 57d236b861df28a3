import { inTransaction } from "../../db/transaction.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { type AttachStructure, loadManagedStructure } from "./manager-attachment.ts";

/** A modal shows this many accounts at most; beyond, the manager is asked to refine the search. */
export const MAX_SHOWN_ACCOUNTS = 20;

/**
 * Typed criteria are capped (an e-mail's length) so that the search modal's metadata stays far below
 * Slack's 3,000 characters; the modal's inputs stop there, longer comes from a forged payload.
 */
export const MAX_CRITERION_LENGTH = 254;

/** The search of the guide's "Rattacher un utilisateur" screen; empty criteria are ignored. */
export interface AccountSearchCriteria {
  lastName: string;
  firstName: string;
  loginEmail: string;
}

export interface AttachableAccounts {
  structure: AttachStructure;
  accounts: AccountSummary[];
  /** More accounts match than are shown. */
  more: boolean;
}

/**
 * Chorus Pro accounts a manager may attach to their structure: every criterion given must match part
 * of the field, whatever the case and accents (the stored search keys). Technical users are left out:
 * they are never attached this way.
 */
export async function searchAttachableAccounts(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; criteria: AccountSearchCriteria },
): Promise<AttachableAccounts> {
  const { messages } = ctx;
  const keys = {
    lastNameKey: searchKey(input.criteria.lastName),
    firstNameKey: searchKey(input.criteria.firstName),
    loginEmail: searchKey(input.criteria.loginEmail),
  };
  const given = Object.entries(keys).filter(([, key]) => key !== "");
  if (given.length === 0) {
    const message = messages.attachUser.criterionRequired;
    throw new AppError("invalid_input", message, [{ field: "lastName", message }]);
  }
  const tooLong = Object.entries(input.criteria).filter(([, value]) => value.length > MAX_CRITERION_LENGTH);
  if (tooLong.length > 0) {
    const message = messages.errors.textTooLong(MAX_CRITERION_LENGTH);
    throw new AppError(
      "invalid_input",
      message,
      tooLong.map(([field]) => ({ field, message })),
    );
  }
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadManagedStructure(tx, messages, actor, { id: input.structureId });
    const found = await tx.userAccount.findMany({
      where: {
        technical: false,
        AND: given.map(([column, key]) => ({ [column]: { contains: key } })),
      },
      select: ACCOUNT_SUMMARY_SELECT,
      orderBy: [{ lastNameKey: "asc" }, { firstNameKey: "asc" }, { loginEmail: "asc" }],
      take: MAX_SHOWN_ACCOUNTS + 1,
    });
    return {
      structure,
      accounts: found.slice(0, MAX_SHOWN_ACCOUNTS),
      more: found.length > MAX_SHOWN_ACCOUNTS,
    };
  });
}
