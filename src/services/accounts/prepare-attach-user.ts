import { inTransaction } from "../../db/transaction.ts";
import type { ServiceRef } from "../../domain/requests.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { findManagedStructures, type ManagedStructure } from "../requests/list-manager-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import type { AccountSummary } from "./account-summary.ts";
import { type AttachTargets, loadAttachTargets } from "./attachment-grants.ts";
import { type AttachStructure, loadAttachableAccount, loadManagedStructure } from "./manager-attachment.ts";
import { loadManagedUser } from "./search-users.ts";

/** Block Kit shows at most 100 options in a menu. */
const MAX_SERVICE_OPTIONS = 100;

/** `/chorus rattacher <identifiant>` or the Home button: the structure, checked before the search opens. */
export async function openAttachUser(
  ctx: ServiceContext,
  actor: Actor,
  target: { id: string } | { identifier: string },
): Promise<AttachStructure> {
  return inTransaction(ctx.prisma, (tx) => loadManagedStructure(tx, ctx.messages, actor, target));
}

export interface AttachExistingUserForm {
  structure: AttachStructure;
  account: AccountSummary;
  targets: AttachTargets;
  /** The user has an attachment request pending on the structure, which this attachment validates. */
  pendingRequest: boolean;
}

/**
 * What the "Rattacher" form of a found account shows; refused at once (before any typing) for a
 * deactivated account or one already attached to the whole structure.
 */
export async function prepareAttachExistingUser(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; userId: string },
): Promise<AttachExistingUserForm> {
  const { messages } = ctx;
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadManagedStructure(tx, messages, actor, { id: input.structureId });
    const { contactEmail: _contactEmail, ...account } = await loadAttachableAccount(
      tx,
      messages,
      input.userId,
    );
    const targets = await loadAttachTargets(tx, structure.id, account.id);
    if (targets.alreadyAttached.wholeStructure) {
      throw new AppError("conflict", messages.errors.alreadyAttachedWhole);
    }
    const pending = await tx.attachmentRequest.count({
      where: { pendingKey: `${structure.id}:${account.id}` },
    });
    return { structure, account, targets, pendingRequest: pending > 0 };
  });
}

/** What the "Créer le compte utilisateur" form shows: the structure and its services. */
export async function prepareCreateAccount(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string },
): Promise<{ structure: AttachStructure; targets: AttachTargets }> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadManagedStructure(tx, ctx.messages, actor, { id: input.structureId });
    return { structure, targets: await loadAttachTargets(tx, structure.id, null) };
  });
}

/**
 * The services still grantable to the user (none yet for an account being created), filtered by a
 * typed query on code or label: the searchable selector of structures with over 100 services.
 */
export async function searchAttachableServices(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; userId: string | null; query: string },
): Promise<ServiceRef[]> {
  const query = searchKey(input.query);
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadManagedStructure(tx, ctx.messages, actor, { id: input.structureId });
    // The user id comes back from the modal's metadata: anything but a UUID names no account.
    const userId = input.userId && isUuid(input.userId) ? input.userId : null;
    const { activeServices, alreadyAttached } = await loadAttachTargets(tx, structure.id, userId);
    const attached = new Set(alreadyAttached.services.map((service) => service.id));
    return activeServices
      .filter((service) => !attached.has(service.id))
      .filter((service) => searchKey(`${service.code} ${service.label}`).includes(query))
      .slice(0, MAX_SERVICE_OPTIONS);
  });
}

/**
 * "Rattacher à une autre de mes structures": the actor's structures where the user may still be
 * attached (not already to the whole structure), after checking the user is one of the actor's.
 */
export async function listStructuresToAttach(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
): Promise<{ user: AccountSummary; structures: ManagedStructure[] }> {
  const user = await loadManagedUser(ctx, actor, userId);
  const managed = await findManagedStructures(ctx.prisma, actor);
  // The user's lines on the actor's structures already say where they hold the whole structure.
  const whole = new Set(
    user.attachments
      .filter((attachment) => attachment.wholeStructure)
      .map((attachment) => attachment.structure.id),
  );
  return { user, structures: managed.filter((structure) => !whole.has(structure.id)) };
}
