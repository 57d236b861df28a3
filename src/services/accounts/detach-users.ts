import { inTransaction, type Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import { strongestRole } from "../../domain/roles.ts";
import { AppError } from "../../errors.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { deactivateSubscriptionRequests } from "../requests/deactivate-subscription-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { normalizeEmail } from "./create-user.ts";

export interface DetachUsersInput {
  structureId: string;
  userIds: string[];
}

/** Why a selected user was left attached. */
export type DetachSkipReason = "principal_manager" | "not_attached";

export interface DetachUsersResult {
  detached: AccountSummary[];
  skipped: { account: AccountSummary; reason: DetachSkipReason }[];
}

/** Who is detaching, and when: what every history line of one detach shares. */
interface DetachEvent {
  structureId: string;
  actor: Actor;
  at: Date;
  /** The pending subscription requests the detach closed, announced once it commits. */
  closed: RequestDetails[];
}

/**
 * "Supprimer le rattachement": for each selected user, every validated attachment to the structure
 * (whole structure and per service: the guide deletes at structure level only) becomes DELETED and
 * their active subscriptions on it DEACTIVATED, with the history lines "Suppression du rattachement"
 * and "Désactivation de l'abonnement"; their pending subscription requests on it become "désactivée"
 * (see deactivateSubscriptionRequests). The principal manager is never detached (skipped), so a
 * structure cannot lose its principal this way. One transaction for the whole selection.
 */
export async function detachUsers(
  ctx: ServiceContext,
  actor: Actor,
  input: DetachUsersInput,
): Promise<DetachUsersResult> {
  const { messages } = ctx;
  const { result, closed } = await inTransaction(ctx.prisma, async (tx) => {
    const structure = isUuid(input.structureId)
      ? await tx.structure.findUnique({
          where: { id: input.structureId },
          select: { id: true, identifier: true, designation: true, slackTeamId: true },
        })
      : null;
    if (!structure) throw new AppError("not_found", messages.detach.structureNotFound);
    await assertManagerOf(tx, messages, actor, structure);

    const userIds = [...new Set(input.userIds)];
    const accounts = await tx.userAccount.findMany({
      where: { id: { in: userIds.filter(isUuid) } },
      select: {
        ...ACCOUNT_SUMMARY_SELECT,
        attachments: {
          where: { structureId: structure.id, status: { in: ["VALIDATED", "UPCOMING"] } },
          select: { role: true },
        },
      },
    });
    const accountsById = new Map(accounts.map((account) => [account.id, account]));
    const outcome: DetachUsersResult = { detached: [], skipped: [] };
    const event: DetachEvent = { structureId: structure.id, actor, at: ctx.now(), closed: [] };
    for (const userId of userIds) {
      const found = accountsById.get(userId);
      if (!found) throw new AppError("not_found", messages.detach.userNotFound);
      const { attachments, ...account } = found;
      const role = strongestRole(attachments.map((attachment) => attachment.role));
      if (role === "PRINCIPAL_MANAGER") {
        outcome.skipped.push({ account, reason: "principal_manager" });
      } else if (!role || !(await detachOne(tx, ctx, event, account.id))) {
        outcome.skipped.push({ account, reason: "not_attached" });
      } else {
        outcome.detached.push(account);
      }
    }
    return { result: outcome, closed: event.closed };
  });
  ctx.outboxWritten();
  ctx.logger.info(
    {
      structureId: input.structureId,
      actorId: actor.accountId,
      deactivatedSubscriptionRequests: closed.map((request) => request.id),
      detached: result.detached.map((account) => account.id),
      skipped: result.skipped.map((skip) => ({ userId: skip.account.id, reason: skip.reason })),
    },
    "attachments deleted",
  );
  return result;
}

/**
 * Detaches one user; false when there was nothing left to delete (a concurrent detach won). The
 * updates never match a principal manager's attachment, and a user who became principal meanwhile
 * (a concurrent handover) aborts the whole transaction, so the principal keeps every right.
 */
async function detachOne(tx: Tx, ctx: ServiceContext, event: DetachEvent, userId: string): Promise<boolean> {
  const { structureId, actor, at } = event;
  // What is "à venir" is deleted with the rest.
  const attached = { userId, structureId, status: { in: ["VALIDATED" as const, "UPCOMING" as const] } };
  const deleted = await tx.attachment.findMany({
    where: { ...attached, role: { not: "PRINCIPAL_MANAGER" } },
    select: { id: true, role: true, serviceId: true },
  });
  const { count } = await tx.attachment.updateMany({
    where: {
      id: { in: deleted.map((attachment) => attachment.id) },
      ...attached,
      role: { not: "PRINCIPAL_MANAGER" },
    },
    data: { status: "DELETED" },
  });
  if (count === 0) return false;
  if ((await tx.attachment.count({ where: { ...attached, role: "PRINCIPAL_MANAGER" } })) > 0)
    throw new AppError("conflict", ctx.messages.detach.principalChanged);

  const subscriptions = await tx.subscription.findMany({
    where: { userId, structureId, status: "ACTIVE" },
    select: { id: true, space: true, serviceId: true, access: true },
  });
  await tx.subscription.updateMany({
    where: { id: { in: subscriptions.map((subscription) => subscription.id) }, status: "ACTIVE" },
    data: { status: "DEACTIVATED" },
  });

  const who = {
    structureId,
    actorId: actor.accountId,
    actorSlackUserId: actor.slackUserId,
    targetUserId: userId,
  };
  await appendHistory(tx, {
    ...who,
    action: "ATTACHMENT_DELETED",
    details: {
      role: strongestRole(deleted.map((attachment) => attachment.role)),
      wholeStructure: deleted.some((attachment) => attachment.serviceId === null),
      serviceIds: deleted.flatMap((attachment) => (attachment.serviceId ? [attachment.serviceId] : [])),
    },
    createdAt: at,
  });
  if (subscriptions.length > 0) {
    await appendHistory(tx, {
      ...who,
      action: "SUBSCRIPTION_DEACTIVATED",
      details: {
        spaces: [...new Set(subscriptions.map((subscription) => subscription.space))].sort(),
        subscriptions: subscriptions.map(({ space, serviceId, access }) => ({ space, serviceId, access })),
      },
      createdAt: at,
    });
  }
  // Their pending subscription requests on it can no longer be granted: "désactivée" by the system.
  event.closed.push(...(await deactivateSubscriptionRequests(tx, ctx.messages, { userId, structureId, at })));
  // A detached manager no longer manages the structure: their Home tab must drop it.
  if (deleted.some((attachment) => attachment.role === "SECONDARY_MANAGER"))
    await enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: userId });
  return true;
}

/** A structure and an account, named as a manager types them (`/chorus detacher`). */
export interface DetachTarget {
  structure: { id: string; identifier: string; designation: string };
  userId: string;
}

/** Finds what `/chorus detacher <identifiant> <adresse de connexion>` names, for a manager of the structure only. */
export async function loadDetachTarget(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string; loginEmail: string },
): Promise<DetachTarget> {
  const { messages } = ctx;
  const structure = await ctx.prisma.structure.findUnique({
    where: { identifier: input.identifier },
    select: { id: true, identifier: true, designation: true, slackTeamId: true },
  });
  if (!structure) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
  // The caller's rights first: whether a login e-mail exists is none of an outsider's business.
  await assertManagerOf(ctx.prisma, messages, actor, structure);
  const loginEmail = normalizeEmail(input.loginEmail);
  const account = await ctx.prisma.userAccount.findUnique({ where: { loginEmail }, select: { id: true } });
  if (!account) throw new AppError("not_found", messages.errors.userNotFound(loginEmail));
  return { structure, userId: account.id };
}
