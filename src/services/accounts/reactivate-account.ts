import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { formatDate } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistoryOfAccount } from "../history/history.ts";
import { profileEmail, type SlackDirectory } from "../slack-workspace/slack-identities.ts";

/** A deactivated account can be reactivated this long after its deactivation, not later. */
export const REACTIVATION_PERIOD_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last moment a deactivation made at `deactivatedAt` can be undone. */
export function reactivableUntil(deactivatedAt: Date): Date {
  return new Date(deactivatedAt.getTime() + REACTIVATION_PERIOD_DAYS * DAY_MS);
}

/**
 * `/chorus reactiver`: the one command a deactivated account may run. The caller is identified by
 * the e-mail of their Slack profile, asked afresh (users.info), and must match a deactivated account:
 * `resolveSlackActor`, which every other command uses, keeps accepting active accounts only. Within
 * 60 days of the deactivation the account is active again, with the attachments it kept; after, it
 * cannot be.
 */
export async function reactivateAccount(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
): Promise<void> {
  const { messages } = ctx;
  const email = await profileEmail(ctx, directory, who);
  const account = await ctx.prisma.userAccount.findUnique({
    where: { loginEmail: email },
    select: { id: true, status: true, deactivatedAt: true },
  });
  if (account?.status === "ACTIVE") throw new AppError("conflict", messages.handover.notDeactivated);
  if (account?.status !== "DEACTIVATED" || !account.deactivatedAt) {
    throw new AppError("forbidden", messages.handover.noDeactivatedAccount(email));
  }
  const { deactivatedAt } = account;
  const now = ctx.now();
  if (now > reactivableUntil(deactivatedAt)) {
    throw new AppError(
      "forbidden",
      messages.handover.reactivationExpired(formatDate(messages, deactivatedAt), REACTIVATION_PERIOD_DAYS),
    );
  }
  await inTransaction(ctx.prisma, async (tx) => {
    // Conditional on the deactivation just read: a concurrent reactivation makes this one a no-op.
    const reactivated = await tx.userAccount.updateMany({
      where: { id: account.id, status: "DEACTIVATED", deactivatedAt },
      data: { status: "ACTIVE", deactivatedAt: null },
    });
    if (reactivated.count === 0) throw new AppError("conflict", messages.handover.notDeactivated);
    await appendHistoryOfAccount(tx, account.id, {
      action: "ACCOUNT_REACTIVATED",
      actorId: account.id,
      actorSlackUserId: who.slackUserId,
      details: { deactivatedAt: deactivatedAt.toISOString() },
      createdAt: now,
    });
  });
  ctx.logger.info({ accountId: account.id }, "account reactivated");
}
