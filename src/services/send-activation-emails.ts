import { inTransaction, type Tx } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import { activationEmail } from "../notify/emails.ts";
import { enqueueDelivery } from "../notify/outbox.ts";
import { ACTIVATION_LINK_TTL_MS, newActivationSecret } from "../security/activation-tokens.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import type { ServiceContext } from "./context.ts";
import { appendHistory } from "./history.ts";
import { isUuid } from "./request-details.ts";
import type { Actor } from "./slack-identities.ts";

/** Path of the activation page under PUBLIC_BASE_URL (served by src/http/activation.ts). */
export const ACTIVATION_PATH = "/activation";

export interface ActivationRecipient {
  id: string;
  loginEmail: string;
  contactEmail: string | null;
  firstName: string;
  lastName: string;
}

/**
 * Sends an account its activation link, in the caller's transaction: the earlier links stop working,
 * a new single-use one valid 60 minutes is issued (only its hash is stored), the e-mail is queued and
 * each structure concerned records it in its history. The one way activation links are sent.
 */
export async function queueActivationEmail(
  tx: Tx,
  ctx: ServiceContext,
  input: { account: ActivationRecipient; structureIds: readonly string[]; actor: Actor; at: Date },
): Promise<void> {
  const { account, actor, at } = input;
  await tx.activationToken.updateMany({
    where: { userId: account.id, usedAt: null, revokedAt: null },
    data: { revokedAt: at },
  });
  const { secret, tokenHash } = newActivationSecret();
  await tx.activationToken.create({
    data: { userId: account.id, tokenHash, expiresAt: new Date(at.getTime() + ACTIVATION_LINK_TTL_MS) },
  });
  const link = `${ctx.publicBaseUrl}${ACTIVATION_PATH}/${secret}`;
  await enqueueDelivery(tx, "EMAIL", activationEmail(ctx.messages, account, link));
  for (const structureId of input.structureIds) {
    await appendHistory(tx, {
      structureId,
      action: "ACTIVATION_EMAIL_SENT",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: account.id,
      createdAt: at,
    });
  }
}

export type ActivationSkipReason = "not_pending_activation" | "not_managed";

export interface SendActivationEmailsResult {
  sent: AccountSummary[];
  skipped: { account: AccountSummary; reason: ActivationSkipReason }[];
}

/** The structures the actor manages (validated principal or secondary manager attachment). */
async function managedStructureIds(tx: Tx, actor: Actor): Promise<string[]> {
  const attachments = await tx.attachment.findMany({
    where: {
      userId: actor.accountId,
      status: "VALIDATED",
      role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
      user: { status: "ACTIVE" },
    },
    select: { structureId: true },
    distinct: ["structureId"],
  });
  return attachments.map((attachment) => attachment.structureId);
}

/**
 * "Envoyer / Renvoyer le courriel d'activation" to one or several accounts, in one transaction. An
 * account gets it only if attached to a structure the actor manages (otherwise "not_managed", saying
 * nothing more about it) and still "En cours d'activation"; the others are listed as skipped.
 */
export async function sendActivationEmails(
  ctx: ServiceContext,
  actor: Actor,
  input: { userIds: string[] },
): Promise<SendActivationEmailsResult> {
  const userIds = [...new Set(input.userIds)];
  const result = await inTransaction(ctx.prisma, async (tx) => {
    const accounts = userIds.every(isUuid)
      ? await tx.userAccount.findMany({
          where: { id: { in: userIds } },
          select: { ...ACCOUNT_SUMMARY_SELECT, contactEmail: true },
          orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
        })
      : [];
    if (accounts.length !== userIds.length)
      throw new AppError("not_found", ctx.messages.activation.accountNotFound);
    const attachments = await tx.attachment.findMany({
      where: {
        userId: { in: userIds },
        status: "VALIDATED",
        structureId: { in: await managedStructureIds(tx, actor) },
      },
      select: { userId: true, structureId: true },
      distinct: ["userId", "structureId"],
    });
    const at = ctx.now();
    const outcome: SendActivationEmailsResult = { sent: [], skipped: [] };
    for (const { contactEmail, ...summary } of accounts) {
      const structureIds = attachments
        .filter((row) => row.userId === summary.id)
        .map((row) => row.structureId);
      if (structureIds.length === 0) {
        outcome.skipped.push({ account: summary, reason: "not_managed" });
      } else if (summary.status !== "PENDING_ACTIVATION") {
        outcome.skipped.push({ account: summary, reason: "not_pending_activation" });
      } else {
        await queueActivationEmail(tx, ctx, {
          account: { ...summary, contactEmail },
          structureIds,
          actor,
          at,
        });
        outcome.sent.push(summary);
      }
    }
    return outcome;
  });
  if (result.sent.length > 0) ctx.outboxWritten();
  const refused = result.skipped
    .filter((skip) => skip.reason === "not_managed")
    .map((skip) => skip.account.id);
  if (refused.length > 0) {
    ctx.logger.warn(
      { actorId: actor.accountId, userIds: refused },
      "activation e-mail refused: account not managed",
    );
  }
  ctx.logger.info(
    { actorId: actor.accountId, sent: result.sent.map((account) => account.id) },
    "activation e-mails queued",
  );
  return result;
}
