import { inTransaction, type Tx } from "../../db/transaction.ts";
import { WHOLE_STRUCTURE_SCOPE } from "../../domain/attachment-scope.ts";
import { isSpaceAllowed } from "../../domain/role-spaces.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { Space } from "../../generated/prisma/enums.ts";
import { loadHeldRoles } from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import { insertSubscriptionRequest } from "../requests/create-subscription-request.ts";
import { checkPigpAllowed } from "./pigp.ts";

export interface StructureSettingsInput {
  identifier: string;
  designation?: string | undefined;
  /** The spaces the structure uses from now on. */
  spaces?: Space[] | undefined;
  /** The Slack workspace whose members may act on it from now on (see resolveSlackActor). */
  slackTeamId?: string | undefined;
  /** Whether it goes through the PIGP (a public structure only). */
  viaPigp?: boolean | undefined;
}

/**
 * Changes a structure's settings. When it starts using new spaces, every user attached to it gets an
 * automatic subscription request for those of the new spaces their role opens and they cannot reach yet (the guide:
 * "automatiquement suite au paramétrage de la structure"), for all services, in modification.
 */
export async function updateStructureSettings(ctx: ServiceContext, input: StructureSettingsInput) {
  const { messages } = ctx;
  const result = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await tx.structure.findUnique({ where: { identifier: input.identifier } });
    if (!structure) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
    if (structure.status !== "ACTIVE")
      throw new AppError("conflict", messages.errors.structureInactive(structure.identifier));
    if (input.viaPigp) checkPigpAllowed(messages, structure.kind);
    const updated = await tx.structure.update({
      where: { id: structure.id },
      data: {
        ...(input.designation !== undefined
          ? { designation: input.designation, designationKey: searchKey(input.designation) }
          : {}),
        ...(input.spaces !== undefined ? { spaces: [...new Set(input.spaces)] } : {}),
        ...(input.slackTeamId !== undefined ? { slackTeamId: input.slackTeamId } : {}),
        ...(input.viaPigp !== undefined ? { viaPigp: input.viaPigp } : {}),
      },
    });
    const added = updated.spaces.filter((space) => !structure.spaces.includes(space));
    const generatedRequestIds = await requestNewSpaces(tx, structure.id, added, ctx.now());
    return { structure: updated, generatedRequestIds };
  });
  if (result.generatedRequestIds.length > 0) ctx.outboxWritten();
  ctx.logger.info(
    { structureId: result.structure.id, generated: result.generatedRequestIds.length },
    "structure settings updated",
  );
  return result;
}

/**
 * When a structure starts using new spaces, every user attached to it gets an automatic subscription
 * request for those of the new spaces their role opens and they cannot reach yet (the guide:
 * "automatiquement suite au paramétrage de la structure"), for all services, in modification. In the
 * caller's transaction; returns the requests' ids.
 */
export async function requestNewSpaces(
  tx: Tx,
  structureId: string,
  newSpaces: readonly Space[],
  at: Date,
): Promise<string[]> {
  if (newSpaces.length === 0) return [];
  const added = [...newSpaces];
  const structure = { id: structureId };
  const users = await tx.userAccount.findMany({
    where: {
      status: { not: "DEACTIVATED" },
      attachments: { some: { structureId: structure.id, status: "VALIDATED" } },
    },
    select: {
      id: true,
      subscriptions: {
        where: {
          structureId: structure.id,
          scopeKey: WHOLE_STRUCTURE_SCOPE,
          status: "ACTIVE",
          space: { in: added },
        },
        select: { space: true },
      },
    },
    orderBy: { loginEmail: "asc" },
  });
  const pendingItems = await tx.subscriptionRequestItem.findMany({
    where: {
      serviceId: null,
      space: { in: added },
      request: { structureId: structure.id, status: "PENDING" },
    },
    select: { space: true, request: { select: { userId: true } } },
  });
  const roleOf = await loadHeldRoles(
    tx,
    users.map((user) => ({ userId: user.id, structureId: structure.id })),
  );
  const generatedRequestIds: string[] = [];
  for (const user of users) {
    const role = roleOf({ userId: user.id, structureId: structure.id });
    const reachable = new Set<Space>([
      ...user.subscriptions.map((subscription) => subscription.space),
      ...pendingItems.filter((item) => item.request.userId === user.id).map((item) => item.space),
    ]);
    const missing = added.filter((space) => !reachable.has(space) && isSpaceAllowed(role, space));
    if (missing.length === 0) continue;
    const created = await insertSubscriptionRequest(tx, {
      structureId: structure.id,
      userId: user.id,
      origin: "AUTOMATIC",
      comment: null,
      items: missing.map((space) => ({ space, serviceId: null, access: "MODIFICATION" as const })),
      createdAt: at,
    });
    generatedRequestIds.push(created.id);
  }
  return generatedRequestIds;
}
