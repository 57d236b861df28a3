import { ChorusProError } from "../../chorus-pro/api.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import { changesNothing, planSync, type SyncPlan } from "../../domain/chorus-pro-sync.ts";
import { searchKey } from "../../domain/search-key.ts";
import { enqueueDeliveries, type QueuedDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { lockStructures } from "../row-locks.ts";
import { activePrincipalOfStructure } from "../structures/manager-access.ts";
import { applyStructureSpaces, requestNewSpaces } from "../structures/structure-spaces.ts";
import { technicalAccountOf } from "./chorus-pro-link.ts";

/** A service Chorus Pro deactivated that people still depend on here: kept active, its managers asked. */
export interface KeptService {
  id: string;
  code: string;
  label: string;
  attachedUsers: number;
  pendingRequests: number;
}

/** What a sync did to a structure, for its announcement. */
export interface SyncReport {
  structure: { id: string; identifier: string; designation: string; slackChannelId: string | null };
  /** Its active principal manager, told by DM when the structure has no channel. */
  principalId: string | null;
  /** The changes applied (deactivations only of services nobody depends on). */
  applied: SyncPlan;
  kept: KeptService[];
}

/** Renders a sync's announcement (to the structure's channel, or its principal manager), in its transaction. */
export type SyncAnnouncer = (report: SyncReport) => QueuedDelivery[];

export type SyncOutcome = "updated" | "unchanged" | "failed";

/** Who holds the service or waits for it: what a deactivation would take from them. */
async function dependentsOf(
  tx: Tx,
  serviceId: string,
): Promise<{ attachedUsers: number; pendingRequests: number }> {
  const [attachedUsers, pendingAttachments, pendingSubscriptions] = await Promise.all([
    tx.attachment.count({ where: { serviceId, status: { in: ["VALIDATED", "UPCOMING"] } } }),
    tx.attachmentRequest.count({
      where: { status: "PENDING", requestedServices: { some: { id: serviceId } } },
    }),
    tx.subscriptionRequest.count({ where: { status: "PENDING", items: { some: { serviceId } } } }),
  ]);
  return { attachedUsers, pendingRequests: pendingAttachments + pendingSubscriptions };
}

/** Applies the plan's changes, in the sync's transaction (new spaces make their automatic subscription requests). */
async function applyPlan(tx: Tx, structureId: string, plan: SyncPlan, at: Date): Promise<void> {
  if (plan.designation) {
    await tx.structure.update({
      where: { id: structureId },
      data: { designation: plan.designation.to, designationKey: searchKey(plan.designation.to) },
    });
  }
  if (plan.spaces) {
    await tx.structure.update({ where: { id: structureId }, data: { spaces: plan.spaces.to } });
    await applyStructureSpaces(tx, structureId, { before: plan.spaces.from, after: plan.spaces.to }, at);
  }
  for (const service of plan.newServices) {
    await tx.service.create({
      data: {
        structureId,
        code: service.code,
        label: service.label,
        labelKey: searchKey(service.label),
        active: service.active,
        spaces: [...service.spaces],
        chorusProId: BigInt(service.chorusProId),
      },
    });
  }
  for (const service of plan.changedServices) {
    await tx.service.update({
      where: { id: service.id },
      data: {
        ...(service.label ? { label: service.label.to, labelKey: searchKey(service.label.to) } : {}),
        ...(service.spaces ? { spaces: service.spaces.to } : {}),
      },
    });
    if (service.spaces) {
      const added = service.spaces.to.filter((space) => !service.spaces?.from.includes(space));
      await requestNewSpaces(tx, { structureId, serviceId: service.id }, added, at);
    }
  }
  const switched = (services: { id: string }[], active: boolean) =>
    tx.service.updateMany({ where: { id: { in: services.map((service) => service.id) } }, data: { active } });
  await switched(plan.deactivatedServices, false);
  await switched(plan.reactivatedServices, true);
}

/**
 * Brings a connected structure up to date with Chorus Pro: a new, renamed or deactivated service, a
 * changed designation, a space added or removed is applied with « Mise à jour depuis Chorus Pro » in
 * its history and announced (see `announce`). A service Chorus Pro deactivated that users still hold
 * or requests still name is not dropped: it stays active and its managers are asked. Chorus Pro is
 * read first: when that fails (unreachable, credentials refused) nothing stored changes but the
 * connection's last error, and the next run tries again.
 */
export async function syncStructure(
  ctx: ServiceContext,
  structureId: string,
  announce: SyncAnnouncer,
  at: Date,
): Promise<SyncOutcome> {
  const link = ctx.chorusPro;
  if (!link) return "failed";
  const connection = await ctx.prisma.chorusProConnection.findUniqueOrThrow({ where: { structureId } });
  const chorusProId = Number(connection.chorusProId);
  let read: Awaited<ReturnType<typeof readChorusPro>>;
  try {
    read = await readChorusPro(ctx, link, connection, chorusProId);
  } catch (error) {
    if (!(error instanceof ChorusProError)) throw error;
    await ctx.prisma.chorusProConnection.update({
      where: { structureId },
      data: { lastSyncError: error.message },
    });
    ctx.logger.warn({ structureId, failure: error.failure }, "Chorus Pro sync failed: nothing changed");
    return "failed";
  }
  const outcome = await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(tx, [structureId]);
    const held = await tx.structure.findUniqueOrThrow({
      where: { id: structureId },
      select: {
        id: true,
        identifier: true,
        designation: true,
        slackChannelId: true,
        spaces: true,
        services: { select: { id: true, code: true, label: true, active: true, spaces: true } },
        attachments: activePrincipalOfStructure,
      },
    });
    const plan = planSync(held, read);
    const kept: KeptService[] = [];
    for (const service of plan.deactivatedServices) {
      const dependents = await dependentsOf(tx, service.id);
      if (dependents.attachedUsers + dependents.pendingRequests > 0) kept.push({ ...service, ...dependents });
    }
    const applied = {
      ...plan,
      deactivatedServices: plan.deactivatedServices.filter(
        (service) => !kept.some((one) => one.id === service.id),
      ),
    };
    await tx.chorusProConnection.update({
      where: { structureId },
      data: { lastSyncedAt: at, lastSyncError: null, passwordExpiresAt: read.passwordExpiresAt },
    });
    if (changesNothing(applied) && kept.length === 0) return "unchanged" as const;
    await applyPlan(tx, structureId, applied, at);
    if (!changesNothing(applied)) {
      await appendHistory(tx, {
        structureId,
        action: "CHORUS_PRO_SYNCED",
        comment: ctx.messages.chorusProSync.historyComment,
        details: syncDetails(applied),
        createdAt: at,
      });
    }
    const designation = applied.designation?.to ?? held.designation;
    const principalId = held.attachments[0]?.userId ?? null;
    await enqueueDeliveries(
      tx,
      announce({ structure: { ...held, designation }, principalId, applied, kept }),
    );
    return "updated" as const;
  });
  if (outcome === "updated") ctx.outboxWritten();
  ctx.logger.info({ structureId, outcome }, "structure synced with Chorus Pro");
  return outcome;
}

/** What the structure looks like in Chorus Pro now, and its technical account's password expiry. */
async function readChorusPro(
  ctx: ServiceContext,
  link: NonNullable<ServiceContext["chorusPro"]>,
  connection: { structureId: string; technicalLogin: string; technicalPassword: string },
  chorusProId: number,
) {
  const account = technicalAccountOf(link, connection);
  const [structure, services, spaces] = await Promise.all([
    link.api.consultStructure(account, chorusProId),
    link.api.listServices(account, chorusProId),
    link.api.listSpaces(account, chorusProId),
  ]);
  ctx.logger.debug({ structureId: connection.structureId, services: services.length }, "Chorus Pro read");
  return {
    designation: structure.designation,
    spaces: spaces.structure,
    services: services.map((service) => ({
      ...service,
      spaces: spaces.byService.get(service.code) ?? spaces.structure,
    })),
    passwordExpiresAt: structure.technicalPasswordExpiresAt,
  };
}

/** The history line's details: what changed, services by code. */
function syncDetails(plan: SyncPlan) {
  const codes = (services: readonly { code: string }[]) => services.map((service) => service.code);
  return {
    ...(plan.designation ? { designation: { from: plan.designation.from, to: plan.designation.to } } : {}),
    ...(plan.spaces ? { spaces: { from: plan.spaces.from, to: plan.spaces.to } } : {}),
    newServices: codes(plan.newServices),
    changedServices: codes(plan.changedServices),
    deactivatedServices: codes(plan.deactivatedServices),
    reactivatedServices: codes(plan.reactivatedServices),
  };
}
