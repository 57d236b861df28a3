import { inTransaction, type Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import { isManagerRole } from "../../domain/roles.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { Space } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import { alignAndRecordSubscriptions, loadHeldRoles } from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory, appendHistoryEntries } from "../history/history.ts";
import { deactivateSubscriptionRequests } from "../requests/deactivate-subscription-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import { lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { loadEditableStructure } from "./edit-structure.ts";
import { requestNewSpaces } from "./structure-spaces.ts";

export const MAX_SERVICE_CODE = 50;
export const MAX_SERVICE_LABEL = 200;
/** Services per page of « Gérer les services ». */
export const SERVICES_PAGE_SIZE = 15;

/** A service as its structure's principal manager manages it. */
export interface ManagedService {
  id: string;
  code: string;
  label: string;
  active: boolean;
  spaces: Space[];
  /** Users attached to this service only (validated or to come). */
  attachedUsers: number;
}

/** One page of a structure's services, by code. */
export interface ServicesPage {
  structure: { id: string; identifier: string; designation: string; spaces: Space[] };
  services: ManagedService[];
  page: number;
  pageCount: number;
  total: number;
}

/** What deactivating a service does to what depends on it: said before it is confirmed. */
export interface DeactivationImpact {
  service: { id: string; code: string; label: string };
  structure: { id: string; identifier: string; designation: string };
  /** The users attached to this service only, by name: their attachment to it ends. */
  attachedUsers: { firstName: string; lastName: string }[];
  /** Pending subscription requests naming it: closed as "désactivée". */
  pendingSubscriptionRequests: number;
  /** Pending attachment requests asking for it: they stay to decide, without this service. */
  pendingAttachmentRequests: number;
}

/** Whether deactivating changes anything beyond the service itself (then it is confirmed first). */
export function needsConfirmation(impact: DeactivationImpact): boolean {
  return (
    impact.attachedUsers.length + impact.pendingSubscriptionRequests + impact.pendingAttachmentRequests > 0
  );
}

/** A service's fields as the form sends them; the code only when the service is added. */
export interface ServiceInput {
  code: string;
  label: string;
  spaces: Space[];
}

const ATTACHED = { in: ["VALIDATED" as const, "UPCOMING" as const] };

/** A service's row as « Gérer les services » shows it (see toManaged). */
const MANAGED_SELECT = {
  id: true,
  code: true,
  label: true,
  active: true,
  spaces: true,
  _count: { select: { attachments: { where: { status: ATTACHED } } } },
} as const;

function toManaged({ _count, ...service }: Prisma.ServiceGetPayload<{ select: typeof MANAGED_SELECT }>) {
  return { ...service, attachedUsers: _count.attachments };
}

/** "Gérer les services": a page of the structure's services, for its principal manager only. */
export async function listStructureServices(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; page: number },
): Promise<ServicesPage> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadEditableStructure(tx, ctx.messages, actor, input.structureId);
    const total = await tx.service.count({ where: { structureId: structure.id } });
    const pageCount = Math.max(1, Math.ceil(total / SERVICES_PAGE_SIZE));
    const page = Math.min(Math.max(0, Math.trunc(input.page) || 0), pageCount - 1);
    const rows = await tx.service.findMany({
      where: { structureId: structure.id },
      select: MANAGED_SELECT,
      orderBy: { code: "asc" },
      skip: page * SERVICES_PAGE_SIZE,
      take: SERVICES_PAGE_SIZE,
    });
    return {
      structure: {
        id: structure.id,
        identifier: structure.identifier,
        designation: structure.designation,
        spaces: structure.spaces,
      },
      services: rows.map(toManaged),
      page,
      pageCount,
      total,
    };
  });
}

/** What the service form shows: the structure's spaces and, to modify one, the service as it is. */
export async function loadServiceForm(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; serviceId: string | null },
): Promise<{ structureSpaces: Space[]; service: ManagedService | undefined }> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadEditableStructure(tx, ctx.messages, actor, input.structureId);
    if (input.serviceId === null) return { structureSpaces: structure.spaces, service: undefined };
    const service = isUuid(input.serviceId)
      ? await tx.service.findFirst({
          where: { id: input.serviceId, structureId: structure.id },
          select: MANAGED_SELECT,
        })
      : null;
    if (!service) throw new AppError("not_found", ctx.messages.serviceAdmin.serviceNotFound);
    return { structureSpaces: structure.spaces, service: toManaged(service) };
  });
}

/** Checks a service's fields as typed (the code only when `withCode`); every field error at once. */
function checkService(
  messages: Messages,
  input: ServiceInput,
  structureSpaces: readonly Space[],
  withCode: boolean,
): ServiceInput {
  const labels = messages.serviceAdmin;
  const errors: FieldError[] = [];
  const code = input.code.trim();
  if (withCode && !code) errors.push({ field: "code", message: labels.codeRequired });
  else if (withCode && code.length > MAX_SERVICE_CODE)
    errors.push({ field: "code", message: messages.errors.textTooLong(MAX_SERVICE_CODE) });
  const label = input.label.trim();
  if (!label) errors.push({ field: "label", message: labels.labelRequired });
  else if (label.length > MAX_SERVICE_LABEL)
    errors.push({ field: "label", message: messages.errors.textTooLong(MAX_SERVICE_LABEL) });
  const spaces = [...new Set(input.spaces)].filter((space) => space in Space);
  const outside = spaces.filter((space) => !structureSpaces.includes(space));
  if (outside.length > 0)
    errors.push({
      field: "spaces",
      message: labels.spacesOutsideStructure(messages.spaces[outside[0] as Space]),
    });
  if (errors.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, errors);
  return { code, label, spaces };
}

/** The service, with its structure checked editable by the actor (its principal manager, active). */
async function loadManagedService(tx: Tx, messages: Messages, actor: Actor, serviceId: string) {
  const service = isUuid(serviceId) ? await tx.service.findUnique({ where: { id: serviceId } }) : null;
  if (!service) throw new AppError("not_found", messages.serviceAdmin.serviceNotFound);
  await lockStructures(tx, [service.structureId]);
  const structure = await loadEditableStructure(tx, messages, actor, service.structureId);
  return { service, structure };
}

function historyAuthor(actor: Actor, at: Date) {
  return { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, createdAt: at };
}

/** "Ajouter un service": a new active service of the structure, its code unique there. */
export async function addService(
  ctx: ServiceContext,
  actor: Actor,
  input: ServiceInput & { structureId: string },
): Promise<{ id: string; code: string; label: string }> {
  const { messages } = ctx;
  const at = ctx.now();
  const created = await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(tx, [input.structureId].filter(isUuid));
    const structure = await loadEditableStructure(tx, messages, actor, input.structureId);
    const wanted = checkService(messages, input, structure.spaces, true);
    const taken = await tx.service.findUnique({
      where: { structureId_code: { structureId: structure.id, code: wanted.code } },
      select: { id: true },
    });
    if (taken) {
      const message = messages.serviceAdmin.codeTaken(wanted.code);
      throw new AppError("invalid_input", message, [{ field: "code", message }]);
    }
    const service = await tx.service.create({
      data: { structureId: structure.id, ...wanted, labelKey: searchKey(wanted.label) },
      select: { id: true, code: true, label: true },
    });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "SERVICE_CREATED",
      details: { ...wanted },
      ...historyAuthor(actor, at),
    });
    return service;
  });
  ctx.logger.info({ structureId: input.structureId, serviceId: created.id }, "service added");
  return created;
}

/**
 * "Modifier le service": its label and the spaces it uses (among the structure's). A space it starts
 * using generates the automatic subscription requests of the users attached to it (see
 * requestNewSpaces). Nothing is written when nothing changed.
 */
export async function editService(
  ctx: ServiceContext,
  actor: Actor,
  input: Omit<ServiceInput, "code"> & { serviceId: string },
): Promise<{ changed: boolean; generatedRequestIds: string[] }> {
  const { messages } = ctx;
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const { service, structure } = await loadManagedService(tx, messages, actor, input.serviceId);
    const wanted = checkService(messages, { ...input, code: service.code }, structure.spaces, false);
    const sameSpaces = [...service.spaces].sort().join() === [...wanted.spaces].sort().join();
    const changes = {
      ...(service.label === wanted.label ? {} : { label: { from: service.label, to: wanted.label } }),
      ...(sameSpaces ? {} : { spaces: { from: service.spaces, to: wanted.spaces } }),
    };
    if (Object.keys(changes).length === 0) return { changed: false, generatedRequestIds: [] };
    await tx.service.update({
      where: { id: service.id },
      data: { label: wanted.label, labelKey: searchKey(wanted.label), spaces: wanted.spaces },
    });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "SERVICE_UPDATED",
      details: { code: service.code, ...changes },
      ...historyAuthor(actor, at),
    });
    const added = wanted.spaces.filter((space) => !service.spaces.includes(space));
    const scope = { structureId: structure.id, serviceId: service.id };
    return { changed: true, generatedRequestIds: await requestNewSpaces(tx, scope, added, at) };
  });
  if (done.generatedRequestIds.length > 0) ctx.outboxWritten();
  ctx.logger.info(
    { serviceId: input.serviceId, generated: done.generatedRequestIds.length },
    "service edited",
  );
  return done;
}

async function loadImpact(
  tx: Tx,
  service: { id: string; code: string; label: string },
  structure: { id: string; identifier: string; designation: string },
): Promise<DeactivationImpact> {
  const attachments = await tx.attachment.findMany({
    where: { serviceId: service.id, status: ATTACHED },
    select: { user: { select: { firstName: true, lastName: true } } },
    orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }],
  });
  const pendingSubscriptionRequests = await tx.subscriptionRequest.count({
    where: { status: "PENDING", items: { some: { serviceId: service.id } } },
  });
  const pendingAttachmentRequests = await tx.attachmentRequest.count({
    where: { status: "PENDING", requestedServices: { some: { id: service.id } } },
  });
  return {
    service: { id: service.id, code: service.code, label: service.label },
    structure: { id: structure.id, identifier: structure.identifier, designation: structure.designation },
    attachedUsers: attachments.map((attachment) => attachment.user),
    pendingSubscriptionRequests,
    pendingAttachmentRequests,
  };
}

/** "Désactiver le service", first step: what it would do, to confirm when it touches anyone. */
export async function prepareServiceDeactivation(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
): Promise<DeactivationImpact> {
  return inTransaction(ctx.prisma, async (tx) => {
    const { service, structure } = await loadManagedService(tx, ctx.messages, actor, serviceId);
    if (!service.active)
      throw new AppError("conflict", ctx.messages.serviceAdmin.alreadyInactive(service.label));
    return loadImpact(tx, service, structure);
  });
}

/**
 * "Désactiver le service": it is no longer offered to requesters or managers. The attachments to it
 * end (DELETED, "Suppression du rattachement" with the reason), with the subscriptions on it; each
 * user's remaining role is re-applied to their spaces (a user left with nothing loses them all, a
 * manager left as simple user loses the manager's space); pending subscription requests naming it
 * become "désactivée"; pending attachment requests stay to decide, without it. Refused unless
 * `confirmed` when it touches anyone (the confirmation said what happens). One transaction.
 */
export async function deactivateService(
  ctx: ServiceContext,
  actor: Actor,
  input: { serviceId: string; confirmed: boolean },
): Promise<{ impact: DeactivationImpact; closed: RequestDetails[] }> {
  const { messages } = ctx;
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const { service, structure } = await loadManagedService(tx, messages, actor, input.serviceId);
    if (!service.active) throw new AppError("conflict", messages.serviceAdmin.alreadyInactive(service.label));
    const impact = await loadImpact(tx, service, structure);
    if (!input.confirmed && needsConfirmation(impact))
      throw new AppError("conflict", messages.serviceAdmin.confirmationNeeded(service.label));
    await tx.service.update({ where: { id: service.id }, data: { active: false } });
    const ended = await tx.attachment.updateManyAndReturn({
      where: { serviceId: service.id, status: ATTACHED },
      data: { status: "DELETED" },
      select: { userId: true, role: true },
    });
    const subscriptions = await tx.subscription.updateManyAndReturn({
      where: { serviceId: service.id, status: "ACTIVE" },
      data: { status: "DEACTIVATED" },
      select: { userId: true, space: true, access: true },
    });
    const author = historyAuthor(actor, at);
    const reason = messages.serviceAdmin.deactivationReason(service.label);
    await appendHistoryEntries(
      tx,
      ended.flatMap(({ userId, role }) => {
        const own = subscriptions.filter((subscription) => subscription.userId === userId);
        const line = { structureId: structure.id, targetUserId: userId, ...author };
        return [
          {
            ...line,
            action: "ATTACHMENT_DELETED" as const,
            details: { role, serviceIds: [service.id], reason },
          },
          ...(own.length > 0
            ? [
                {
                  ...line,
                  action: "SUBSCRIPTION_DEACTIVATED" as const,
                  details: {
                    spaces: [...new Set(own.map((subscription) => subscription.space))].sort(),
                    serviceIds: [service.id],
                    reason,
                  },
                },
              ]
            : []),
        ];
      }),
    );
    const users = [...new Set(ended.map((attachment) => attachment.userId))];
    await alignAndRecordSubscriptions(
      tx,
      users.map((userId) => ({ userId, structureId: structure.id, serviceIds: [] })),
      { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, at },
    );
    // A manager of this service only no longer manages the structure: their Home tab must drop it.
    const roleOf = await loadHeldRoles(
      tx,
      users.map((userId) => ({ userId, structureId: structure.id })),
    );
    for (const { userId, role } of ended) {
      const now = roleOf({ userId, structureId: structure.id });
      if (isManagerRole(role) && !(now && isManagerRole(now)))
        await enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: userId });
    }
    const closed = await deactivateSubscriptionRequests(tx, messages, {
      structureId: structure.id,
      serviceId: service.id,
      at,
    });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "SERVICE_DEACTIVATED",
      details: {
        code: service.code,
        label: service.label,
        detachedUsers: users.length,
        deactivatedRequests: closed.length,
      },
      ...author,
    });
    return { impact, closed };
  });
  ctx.outboxWritten();
  ctx.logger.info(
    {
      serviceId: input.serviceId,
      detachedUsers: done.impact.attachedUsers.length,
      deactivatedSubscriptionRequests: done.closed.map((request) => request.id),
    },
    "service deactivated",
  );
  return done;
}

/** "Réactiver le service": offered again; nobody it had is attached again. */
export async function reactivateService(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
): Promise<{ label: string }> {
  const { messages } = ctx;
  const at = ctx.now();
  return inTransaction(ctx.prisma, async (tx) => {
    const { service, structure } = await loadManagedService(tx, messages, actor, serviceId);
    if (service.active) throw new AppError("conflict", messages.serviceAdmin.alreadyActive(service.label));
    await tx.service.update({ where: { id: service.id }, data: { active: true } });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "SERVICE_REACTIVATED",
      details: { code: service.code, label: service.label },
      ...historyAuthor(actor, at),
    });
    return { label: service.label };
  });
}
