import { inTransaction, type Tx } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { activationEmail } from "../../notify/emails.ts";
import { type EmailPayload, enqueueDelivery } from "../../notify/outbox.ts";
import { ACTIVATION_LINK_TTL_MS, newActivationSecret } from "../../security/activation-tokens.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { actionableFrom } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";

/** Path of the activation page under PUBLIC_BASE_URL (served by src/http/activation.ts). */
export const ACTIVATION_PATH = "/activation";

/**
 * Sends an account its activation link, in the caller's transaction: the earlier links stop working,
 * a new single-use one is issued, its e-mail is queued and each structure concerned records it in its
 * history. The one way activation links are sent. The link's secret is not made here but when the
 * e-mail is delivered (`renderActivationEmail`): what is queued, and kept in the outbox after, is the
 * token's id alone.
 */
export async function queueActivationEmail(
  tx: Tx,
  input: { account: { id: string }; structureIds: readonly string[]; actor: Actor; at: Date },
): Promise<void> {
  const { account, actor, at } = input;
  await tx.activationToken.updateMany({
    where: { userId: account.id, usedAt: null, revokedAt: null },
    data: { revokedAt: at },
  });
  const token = await tx.activationToken.create({
    data: { userId: account.id, expiresAt: new Date(at.getTime() + ACTIVATION_LINK_TTL_MS) },
    select: { id: true },
  });
  await enqueueDelivery(tx, "ACTIVATION_EMAIL", { activationTokenId: token.id });
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

/**
 * Delivering an activation e-mail: makes the link's secret, adds its hash to the token, and renders the
 * e-mail with the link, which exists nowhere else. One conditional update, so a link revoked by a
 * resend, used, or whose account is no longer "En cours d'activation" gets no secret: null, nothing is
 * to be sent. Each attempt (a retry after an SMTP failure) makes a secret of its own and adds its hash,
 * the earlier ones staying valid: the copy an SMTP server accepted just before a crash still works. The
 * link then works 60 minutes from this attempt.
 */
export async function renderActivationEmail(
  ctx: ServiceContext,
  activationTokenId: string,
): Promise<EmailPayload | null> {
  if (!isUuid(activationTokenId)) return null;
  const { secret, tokenHash } = newActivationSecret();
  const issued = await ctx.prisma.activationToken.updateMany({
    where: {
      id: activationTokenId,
      usedAt: null,
      revokedAt: null,
      user: { status: "PENDING_ACTIVATION" },
    },
    data: {
      tokenHashes: { push: tokenHash },
      expiresAt: new Date(ctx.now().getTime() + ACTIVATION_LINK_TTL_MS),
    },
  });
  if (issued.count === 0) return null;
  const token = await ctx.prisma.activationToken.findUnique({
    where: { id: activationTokenId },
    select: { user: { select: { loginEmail: true, contactEmail: true, firstName: true, lastName: true } } },
  });
  if (!token) return null;
  return activationEmail(ctx.messages, token.user, `${ctx.publicBaseUrl}${ACTIVATION_PATH}/${secret}`);
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
      structure: actionableFrom(actor.teamId),
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
          select: ACCOUNT_SUMMARY_SELECT,
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
    for (const summary of accounts) {
      const structureIds = attachments
        .filter((row) => row.userId === summary.id)
        .map((row) => row.structureId);
      if (structureIds.length === 0) {
        outcome.skipped.push({ account: summary, reason: "not_managed" });
      } else if (summary.status !== "PENDING_ACTIVATION") {
        outcome.skipped.push({ account: summary, reason: "not_pending_activation" });
      } else {
        await queueActivationEmail(tx, { account: summary, structureIds, actor, at });
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
