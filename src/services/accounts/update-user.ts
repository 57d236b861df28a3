import { z } from "zod";
import { inTransaction } from "../../db/transaction.ts";
import { nameKeys } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { structuresManagedBy } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { normalizeEmail } from "./create-user.ts";

/** Longest name accepted, as typed in the "Modifier l'utilisateur" modal. */
export const MAX_NAME_LENGTH = 100;
const contactEmailSchema = z.email().max(254);

export interface UserUpdate {
  userId: string;
  lastName: string;
  firstName: string;
  /** Empty or null: no contact address (the login e-mail is used). */
  contactEmail: string | null;
}

function checkUpdate(ctx: ServiceContext, input: UserUpdate) {
  const { messages } = ctx;
  const lastName = input.lastName.trim();
  const firstName = input.firstName.trim();
  const contactEmail = input.contactEmail?.trim() ? normalizeEmail(input.contactEmail) : null;
  const problems: FieldError[] = [];
  for (const [field, value] of [
    ["lastName", lastName],
    ["firstName", firstName],
  ] as const) {
    if (!value) problems.push({ field, message: messages.userSearch.nameRequired });
    else if (value.length > MAX_NAME_LENGTH)
      problems.push({ field, message: messages.errors.textTooLong(MAX_NAME_LENGTH) });
  }
  if (contactEmail && !contactEmailSchema.safeParse(contactEmail).success)
    problems.push({ field: "contactEmail", message: messages.userSearch.contactEmailInvalid });
  const [first] = problems;
  if (first) throw new AppError("invalid_input", first.message, problems);
  return { lastName, firstName, contactEmail };
}

/**
 * "Modifier l'utilisateur": a manager of one of the user's structures (validated attachment or pending
 * request there) changes their names and contact e-mail; the search keys follow the names, and each
 * structure they share records "USER_UPDATED" with what changed. Nothing is written when nothing changed.
 */
export async function updateUser(
  ctx: ServiceContext,
  actor: Actor,
  input: UserUpdate,
): Promise<{ account: AccountSummary; changed: boolean }> {
  const wanted = checkUpdate(ctx, input);
  return inTransaction(ctx.prisma, async (tx) => {
    const before = isUuid(input.userId)
      ? await tx.userAccount.findUnique({
          where: { id: input.userId },
          select: { ...ACCOUNT_SUMMARY_SELECT, contactEmail: true },
        })
      : null;
    if (!before) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
    const shared = await tx.structure.findMany({
      where: {
        AND: [
          structuresManagedBy(actor),
          {
            OR: [
              { attachments: { some: { userId: before.id, status: "VALIDATED" } } },
              { attachmentRequests: { some: { userId: before.id, status: "PENDING" } } },
            ],
          },
        ],
      },
      select: { id: true },
    });
    if (shared.length === 0) throw new AppError("forbidden", ctx.messages.userSearch.notTheirManager);
    const { contactEmail: previousContact, ...summary } = before;
    const previous = {
      lastName: before.lastName,
      firstName: before.firstName,
      contactEmail: previousContact,
    };
    if (
      previous.lastName === wanted.lastName &&
      previous.firstName === wanted.firstName &&
      previous.contactEmail === wanted.contactEmail
    ) {
      return { account: summary, changed: false };
    }
    const account = await tx.userAccount.update({
      where: { id: before.id },
      data: { ...wanted, ...nameKeys(wanted) },
      select: ACCOUNT_SUMMARY_SELECT,
    });
    const at = ctx.now();
    for (const structure of shared) {
      await appendHistory(tx, {
        structureId: structure.id,
        action: "USER_UPDATED",
        actorId: actor.accountId,
        actorSlackUserId: actor.slackUserId,
        targetUserId: account.id,
        details: { before: previous, after: wanted },
        createdAt: at,
      });
    }
    ctx.logger.info({ actorId: actor.accountId, userId: account.id }, "user updated by a manager");
    return { account, changed: true };
  });
}
