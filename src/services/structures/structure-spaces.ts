import type { Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import { isSpaceAllowed } from "../../domain/role-spaces.ts";
import type { Space } from "../../generated/prisma/enums.ts";
import { loadHeldRoles } from "../accounts/role-subscriptions.ts";
import { insertSubscriptionRequest } from "../requests/create-subscription-request.ts";

/** Where spaces start being used: a whole structure, or one of its services (`serviceId`). */
export interface SpacesScope {
  structureId: string;
  serviceId: string | null;
}

/**
 * A structure's spaces just changed from `before` to `after`, in the caller's transaction: its
 * services follow (a space added is added to each, a space dropped is dropped from each, so a
 * service never uses what its structure does not), and the new spaces generate the automatic
 * subscription requests (see requestNewSpaces). Returns the requests' ids.
 */
export async function applyStructureSpaces(
  tx: Tx,
  structureId: string,
  change: { before: readonly Space[]; after: readonly Space[] },
  at: Date,
): Promise<string[]> {
  const added = change.after.filter((space) => !change.before.includes(space));
  const dropped = change.before.some((space) => !change.after.includes(space));
  if (added.length === 0 && !dropped) return [];
  // Raw: Prisma can push to a list column but not remove from it.
  await tx.$executeRaw`
    UPDATE "Service" SET "spaces" = ARRAY(
      SELECT DISTINCT "space" FROM unnest("spaces" || ${added}::text[]::"Space"[]) AS "space"
      WHERE "space" = ANY(${[...change.after]}::text[]::"Space"[]) ORDER BY 1)
    WHERE "structureId" = ${structureId}::uuid`;
  return requestNewSpaces(tx, { structureId, serviceId: null }, added, at);
}

/**
 * When a structure (or one of its services) starts using new spaces, every user attached to it (to
 * that service) gets an automatic subscription request for those of the new spaces their role opens
 * and they cannot reach yet (the guide: "automatiquement suite au paramétrage de la structure"), for
 * all services (for that service), in modification. In the caller's transaction; returns the
 * requests' ids.
 */
export async function requestNewSpaces(
  tx: Tx,
  scope: SpacesScope,
  newSpaces: readonly Space[],
  at: Date,
): Promise<string[]> {
  if (newSpaces.length === 0) return [];
  const added = [...newSpaces];
  const { structureId, serviceId } = scope;
  // What reaches a space on this scope: a subscription or a pending request for all services, or for the service.
  const reachingScopes = [...new Set([scopeKeyOf(null), scopeKeyOf(serviceId)])];
  const users = await tx.userAccount.findMany({
    where: {
      status: { not: "DEACTIVATED" },
      attachments: {
        some: { structureId, status: "VALIDATED", ...(serviceId ? { scopeKey: scopeKeyOf(serviceId) } : {}) },
      },
    },
    select: {
      id: true,
      subscriptions: {
        where: { structureId, scopeKey: { in: reachingScopes }, status: "ACTIVE", space: { in: added } },
        select: { space: true },
      },
    },
    orderBy: { loginEmail: "asc" },
  });
  const pendingItems = await tx.subscriptionRequestItem.findMany({
    where: {
      OR: [{ serviceId: null }, ...(serviceId ? [{ serviceId }] : [])],
      space: { in: added },
      request: { structureId, status: "PENDING" },
    },
    select: { space: true, request: { select: { userId: true } } },
  });
  const roleOf = await loadHeldRoles(
    tx,
    users.map((user) => ({ userId: user.id, structureId })),
  );
  const generatedRequestIds: string[] = [];
  for (const user of users) {
    const role = roleOf({ userId: user.id, structureId });
    const reachable = new Set<Space>([
      ...user.subscriptions.map((subscription) => subscription.space),
      ...pendingItems.filter((item) => item.request.userId === user.id).map((item) => item.space),
    ]);
    const missing = added.filter((space) => !reachable.has(space) && isSpaceAllowed(role, space));
    if (missing.length === 0) continue;
    const created = await insertSubscriptionRequest(tx, {
      structureId,
      userId: user.id,
      origin: "AUTOMATIC",
      comment: null,
      items: missing.map((space) => ({ space, serviceId, access: "MODIFICATION" as const })),
      createdAt: at,
    });
    generatedRequestIds.push(created.id);
  }
  return generatedRequestIds;
}
