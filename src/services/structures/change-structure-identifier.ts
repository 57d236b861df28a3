import { randomUUID } from "node:crypto";
import { isUniqueViolation } from "../../db/errors.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import { scopeKeyOf } from "../../domain/attachment-scope.ts";
import { AppError } from "../../errors.ts";
import type { Structure } from "../../generated/prisma/client.ts";
import type { Messages } from "../../i18n/index.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { enqueueHomeRefresh } from "../requests/home-refresh.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { checkStructureIdentifier } from "./create-structure.ts";
import { assertManagerOf } from "./manager-access.ts";

/** The modal field each input problem belongs to. */
export const IDENTIFIER_CHANGE_FIELDS = {
  newIdentifier: "newIdentifier",
  billingMandate: "billingMandate",
} as const;

type ChangeCandidate = Pick<Structure, "identifier" | "identifierType" | "kind" | "status">;

/**
 * Why a structure's identifier cannot be changed, or null. Only an active private structure
 * identified by a SIRET is duplicated ("Lorsqu'une entité privée change de SIRET").
 */
export function identifierChangeProblem(messages: Messages, structure: ChangeCandidate): string | null {
  if (structure.kind !== "PRIVEE") return messages.structureCard.publicStructure;
  if (structure.identifierType !== "SIRET") return messages.structureCard.notSiretStructure;
  if (structure.status !== "ACTIVE") return messages.errors.structureInactive(structure.identifier);
  return null;
}

/** An inactive structure that was duplicated names its newest copy, so the manager knows where to go. */
async function inactiveStructureError(tx: Tx, messages: Messages, structure: Structure): Promise<AppError> {
  const duplicate = await tx.structure.findFirst({
    where: { originStructureId: structure.id },
    orderBy: { createdAt: "desc" },
    select: { identifier: true },
  });
  const message = duplicate
    ? messages.structureCard.alreadyChanged(structure.identifier, duplicate.identifier)
    : messages.errors.structureInactive(structure.identifier);
  return new AppError("conflict", message);
}

/** The structure a manager wants to re-identify, checked: it exists, they manage it, it may change. */
async function findChangeableStructure(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  structureId: string,
): Promise<Structure> {
  const structure = isUuid(structureId)
    ? await tx.structure.findUnique({ where: { id: structureId } })
    : null;
  if (!structure) throw new AppError("not_found", messages.structureCard.structureGone);
  await assertManagerOf(tx, messages, actor, structure);
  if (structure.status !== "ACTIVE") throw await inactiveStructureError(tx, messages, structure);
  const problem = identifierChangeProblem(messages, structure);
  if (problem) throw new AppError("forbidden", problem);
  return structure;
}

/** What the SIRET change modals show about the structure. */
export interface IdentifierChangeTarget {
  id: string;
  identifier: string;
  designation: string;
  hasBillingMandate: boolean;
}

/** "Modifier l'identifiant" clicked: checks, before any modal opens, that the change is allowed. */
export async function prepareIdentifierChange(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string },
): Promise<IdentifierChangeTarget> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await findChangeableStructure(tx, ctx.messages, actor, input.structureId);
    return {
      id: structure.id,
      identifier: structure.identifier,
      designation: structure.designation,
      hasBillingMandate: structure.hasBillingMandate,
    };
  });
}

export interface ChangeStructureIdentifierInput {
  structureId: string;
  /** The new SIRET as typed. */
  newIdentifier: string;
  /**
   * The answer to the no-mandate warning: true "Souscrire à un mandat de facturation" (the new
   * structure is created with one), false "Continuer sans mandat". Null when not asked: the
   * structure has a mandate, which is not carried over.
   */
  subscribeBillingMandate: boolean | null;
}

export interface IdentifierChange {
  origin: { id: string; identifier: string };
  structure: { id: string; identifier: string };
}

function siretAlreadyUsed(messages: Messages, identifier: string): AppError {
  const message = messages.errors.structureExists(identifier);
  return new AppError("invalid_input", message, [{ field: IDENTIFIER_CHANGE_FIELDS.newIdentifier, message }]);
}

/**
 * "Modifier l'identifiant" of a private structure whose SIRET changed: in one transaction, the
 * structure is duplicated under the new SIRET (origin = the old one) with its services (new ids),
 * validated attachments, active subscriptions, settings and pending requests; the billing mandate,
 * the technical user account, the PACAGE number, the social regime, the VAT number and the
 * connection information are not carried over. The old structure becomes inactive and keeps its
 * history and decided requests. Of two concurrent changes, the conditional deactivation lets one win.
 */
export async function changeStructureIdentifier(
  ctx: ServiceContext,
  actor: Actor,
  input: ChangeStructureIdentifierInput,
): Promise<IdentifierChange> {
  const { messages } = ctx;
  const newIdentifier = checkStructureIdentifier(
    messages,
    "SIRET",
    input.newIdentifier,
    IDENTIFIER_CHANGE_FIELDS.newIdentifier,
  );
  try {
    const change = await inTransaction(ctx.prisma, async (tx) => {
      const origin = await findChangeableStructure(tx, messages, actor, input.structureId);
      if (newIdentifier === origin.identifier) {
        const message = messages.structureCard.sameIdentifier;
        throw new AppError("invalid_input", message, [
          { field: IDENTIFIER_CHANGE_FIELDS.newIdentifier, message },
        ]);
      }
      if (!origin.hasBillingMandate && input.subscribeBillingMandate === null) {
        const message = messages.structureCard.mandateChoiceRequired;
        throw new AppError("invalid_input", message, [
          { field: IDENTIFIER_CHANGE_FIELDS.billingMandate, message },
        ]);
      }
      // The row lock taken here serialises concurrent changes: the second one finds it inactive.
      const deactivated = await tx.structure.updateMany({
        where: { id: origin.id, status: "ACTIVE" },
        data: { status: "INACTIVE" },
      });
      if (deactivated.count === 0) throw await inactiveStructureError(tx, messages, origin);
      if (await tx.structure.findUnique({ where: { identifier: newIdentifier }, select: { id: true } }))
        throw siretAlreadyUsed(messages, newIdentifier);
      // The mandate is never carried over; one is subscribed only when the warning offered it.
      const subscribeBillingMandate = !origin.hasBillingMandate && input.subscribeBillingMandate === true;
      return duplicateStructure(ctx, tx, actor, origin, newIdentifier, subscribeBillingMandate);
    });
    ctx.logger.info(
      { from: change.origin.identifier, to: change.structure.identifier, structureId: change.structure.id },
      "structure identifier changed",
    );
    ctx.outboxWritten();
    return change;
  } catch (error) {
    // Another structure took the same SIRET between our check and our insert.
    if (isUniqueViolation(error)) throw siretAlreadyUsed(messages, newIdentifier);
    throw error;
  }
}

async function duplicateStructure(
  ctx: ServiceContext,
  tx: Tx,
  actor: Actor,
  origin: Structure,
  newIdentifier: string,
  subscribeBillingMandate: boolean,
): Promise<IdentifierChange> {
  const created = await tx.structure.create({
    data: {
      identifier: newIdentifier,
      identifierType: "SIRET",
      designation: origin.designation,
      designationKey: origin.designationKey,
      kind: origin.kind,
      originStructureId: origin.id,
      hasBillingMandate: subscribeBillingMandate,
      spaces: origin.spaces,
      slackChannelId: origin.slackChannelId,
    },
  });
  const serviceIds = await copyServices(tx, origin.id, created.id);
  const copied = await copyAuthorisations(tx, origin.id, created.id, serviceIds);
  const moved = await movePendingRequests(tx, origin.id, created.id, serviceIds);
  const common = {
    action: "STRUCTURE_IDENTIFIER_CHANGED",
    actorId: actor.accountId,
    actorSlackUserId: actor.slackUserId,
    createdAt: ctx.now(),
  } as const;
  await appendHistory(tx, {
    ...common,
    structureId: origin.id,
    details: { from: origin.identifier, to: newIdentifier, newStructureId: created.id },
  });
  await appendHistory(tx, {
    ...common,
    structureId: created.id,
    details: {
      from: origin.identifier,
      to: newIdentifier,
      originStructureId: origin.id,
      billingMandateSubscribed: subscribeBillingMandate,
      services: serviceIds.size,
      ...copied,
      ...moved,
    },
  });
  await enqueueHomeRefresh(tx, [created.id]);
  return {
    origin: { id: origin.id, identifier: origin.identifier },
    structure: { id: created.id, identifier: created.identifier },
  };
}

/** Copies every service (active or not, with its spaces) under a new id; returns old id → new id. */
async function copyServices(tx: Tx, originId: string, structureId: string): Promise<Map<string, string>> {
  const services = await tx.service.findMany({ where: { structureId: originId } });
  const copies = services.map(({ id, code, label, labelKey, active, spaces }) => ({
    originalId: id,
    copy: { id: randomUUID(), structureId, code, label, labelKey, active, spaces },
  }));
  await tx.service.createMany({ data: copies.map(({ copy }) => copy) });
  return new Map(copies.map(({ originalId, copy }) => [originalId, copy.id]));
}

/** The copy of one of the old structure's services (all of them are copied). */
function copiedServiceId(serviceIds: Map<string, string>, serviceId: string): string {
  const copy = serviceIds.get(serviceId);
  if (!copy) throw new Error(`service ${serviceId} was not copied with its structure`);
  return copy;
}

/**
 * What an attachment and a subscription copy alike: the user, the new structure, and the scope mapped
 * to the copied services (null: the whole structure).
 */
function copiedAuthorisation(
  serviceIds: Map<string, string>,
  structureId: string,
  row: { userId: string; serviceId: string | null },
) {
  const copy = row.serviceId === null ? null : copiedServiceId(serviceIds, row.serviceId);
  return { userId: row.userId, structureId, serviceId: copy, scopeKey: scopeKeyOf(copy) };
}

/** Validated attachments and active subscriptions, except the technical user account's. */
async function copyAuthorisations(
  tx: Tx,
  originId: string,
  structureId: string,
  serviceIds: Map<string, string>,
): Promise<{ attachments: number; subscriptions: number }> {
  const notTechnical = { user: { technical: false } };
  const attachments = await tx.attachment.findMany({
    where: { structureId: originId, status: "VALIDATED", ...notTechnical },
  });
  await tx.attachment.createMany({
    data: attachments.map(({ role, startDate, status, ...row }) => ({
      ...copiedAuthorisation(serviceIds, structureId, row),
      role,
      startDate,
      status,
    })),
  });
  const subscriptions = await tx.subscription.findMany({
    where: { structureId: originId, status: "ACTIVE", ...notTechnical },
  });
  await tx.subscription.createMany({
    data: subscriptions.map(({ space, access, status, ...row }) => ({
      ...copiedAuthorisation(serviceIds, structureId, row),
      space,
      access,
      status,
    })),
  });
  return { attachments: attachments.length, subscriptions: subscriptions.length };
}

/**
 * Pending requests follow the structure: the old one accepts no decision once inactive, and the
 * requesters should not have to ask again. Their Slack messages are re-rendered with the new
 * identifier. Decided requests stay with the old structure's history.
 */
async function movePendingRequests(
  tx: Tx,
  originId: string,
  structureId: string,
  serviceIds: Map<string, string>,
): Promise<{ attachmentRequests: number; subscriptionRequests: number }> {
  const pending = { structureId: originId, status: "PENDING", user: { technical: false } } as const;
  const attachmentRequests = await tx.attachmentRequest.findMany({
    where: pending,
    select: { id: true, userId: true, requestedServices: { select: { id: true } } },
  });
  for (const request of attachmentRequests) {
    await tx.attachmentRequest.update({
      where: { id: request.id },
      data: {
        structureId,
        pendingKey: `${structureId}:${request.userId}`,
        requestedServices: {
          set: request.requestedServices.map((service) => ({ id: copiedServiceId(serviceIds, service.id) })),
        },
      },
    });
    await enqueueDelivery(tx, "SLACK_REFRESH_REQUEST", { requestType: "attachment", requestId: request.id });
  }
  const subscriptionRequests = await tx.subscriptionRequest.findMany({
    where: pending,
    select: { id: true },
  });
  const subscriptionRequestIds = subscriptionRequests.map((request) => request.id);
  await tx.subscriptionRequest.updateMany({
    where: { id: { in: subscriptionRequestIds } },
    data: { structureId },
  });
  const scopedItems = await tx.subscriptionRequestItem.findMany({
    where: { requestId: { in: subscriptionRequestIds }, serviceId: { not: null } },
    select: { serviceId: true },
    distinct: ["serviceId"],
  });
  for (const { serviceId } of scopedItems) {
    if (serviceId === null) continue;
    await tx.subscriptionRequestItem.updateMany({
      where: { requestId: { in: subscriptionRequestIds }, serviceId },
      data: { serviceId: copiedServiceId(serviceIds, serviceId) },
    });
  }
  for (const requestId of subscriptionRequestIds)
    await enqueueDelivery(tx, "SLACK_REFRESH_REQUEST", { requestType: "subscription", requestId });
  return {
    attachmentRequests: attachmentRequests.length,
    subscriptionRequests: subscriptionRequests.length,
  };
}
