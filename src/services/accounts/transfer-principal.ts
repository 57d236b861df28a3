import { inTransaction, type Tx } from "../../db/transaction.ts";
import { WHOLE_STRUCTURE_SCOPE } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Messages } from "../../i18n/index.ts";
import { principalHandoverEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { enqueueHomeRefresh } from "../requests/home-refresh.ts";
import { isUuid } from "../requests/request-details.ts";
import { lockAccounts, lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { normalizeEmail } from "./create-user.ts";
import { alignAndRecordSubscriptions } from "./role-subscriptions.ts";

/** A structure as the handover screens show it. */
export interface HandedOverStructure {
  id: string;
  identifier: string;
  designation: string;
}

/** Someone who may receive the principal role: an active user with a validated attachment. */
export interface SuccessorCandidate {
  id: string;
  name: string;
  loginEmail: string;
}

/** A structure to hand over and whom it can go to: one candidate past the limit tells there are too many to list. */
export interface HandoverChoice {
  structure: HandedOverStructure;
  candidates: SuccessorCandidate[];
}

/** The manager's designation, as typed in or picked in the modal (checked here, on the server). */
export interface SuccessorDesignation {
  loginEmail: string | null;
  candidateId: string | null;
}

/** The field of a structure's designation in the use cases' field errors. */
export function successorField(structureId: string): string {
  return `successor.${structureId}`;
}

const successorAccount = {
  id: true,
  loginEmail: true,
  contactEmail: true,
  firstName: true,
  lastName: true,
  status: true,
  technical: true,
} as const;

export type SuccessorAccount = Prisma.UserAccountGetPayload<{ select: typeof successorAccount }>;

function label(structure: HandedOverStructure): string {
  return `${structure.designation} (${structure.identifier})`;
}

/** The account holding the principal role of a structure now, or null. */
async function findPrincipal(tx: Tx, structureId: string) {
  const attachment = await tx.attachment.findFirst({
    where: { structureId, role: "PRINCIPAL_MANAGER", status: "VALIDATED" },
    select: { user: { select: { id: true, firstName: true, lastName: true } } },
  });
  return attachment?.user ?? null;
}

/** Refuses (and the refusal is logged) anyone who is not the structure's principal manager right now. */
export async function assertPrincipalOf(
  tx: Tx,
  messages: Messages,
  accountId: string,
  structure: HandedOverStructure,
): Promise<void> {
  const principal = await findPrincipal(tx, structure.id);
  if (principal?.id === accountId) return;
  // Who holds the role is told to the structure's own users only, not to anyone who asks.
  const attached = await tx.attachment.count({
    where: { userId: accountId, structureId: structure.id, status: "VALIDATED" },
  });
  if (attached === 0) throw new AppError("forbidden", messages.errors.notManager(label(structure)));
  const holder = principal ? `${principal.firstName} ${principal.lastName}` : messages.handover.noPrincipal;
  throw new AppError("forbidden", messages.handover.notPrincipal(label(structure), holder));
}

/** Active users validly attached to the structure, but the principal, by name: whom the role may go to. */
export async function listSuccessorCandidates(
  tx: Tx,
  structureId: string,
  principalId: string,
  limit: number,
): Promise<SuccessorCandidate[]> {
  const accounts = await tx.userAccount.findMany({
    where: {
      id: { not: principalId },
      status: "ACTIVE",
      technical: false,
      attachments: { some: { structureId, status: "VALIDATED" } },
    },
    select: { id: true, firstName: true, lastName: true, loginEmail: true },
    orderBy: [{ lastNameKey: "asc" }, { firstNameKey: "asc" }, { loginEmail: "asc" }],
    take: limit + 1,
  });
  return accounts.map((account) => ({
    id: account.id,
    name: `${account.firstName} ${account.lastName}`,
    loginEmail: account.loginEmail,
  }));
}

/** The account a designation names, or the field error saying why it names none. */
async function findDesignated(
  tx: Tx,
  messages: Messages,
  designation: SuccessorDesignation,
): Promise<SuccessorAccount | string> {
  const labels = messages.handover;
  const { candidateId } = designation;
  const loginEmail = designation.loginEmail ? normalizeEmail(designation.loginEmail) : null;
  if (!loginEmail && !candidateId) return labels.successorRequired;
  const where = loginEmail ? { loginEmail } : candidateId && isUuid(candidateId) ? { id: candidateId } : null;
  const account = where && (await tx.userAccount.findUnique({ where, select: successorAccount }));
  if (!account) return loginEmail ? messages.errors.userNotFound(loginEmail) : labels.candidateNotFound;
  if (candidateId && candidateId !== account.id) return labels.successorAmbiguous;
  return account;
}

/** A structure to hand over and the designation made for it in the modal. */
export interface DesignatedSuccessor {
  structureId: string;
  designation: SuccessorDesignation;
}

/**
 * Resolves the successor designated for each structure, the structures being locked by the caller.
 * The designated accounts and the principal's own are then locked together, in id order, and checked
 * after the lock: an account deactivated meanwhile is refused, and none can be deactivated until the
 * handover commits. Returns the successors by structure id, or the field errors of all structures.
 */
export async function resolveSuccessors(
  tx: Tx,
  messages: Messages,
  principalId: string,
  designated: readonly DesignatedSuccessor[],
): Promise<Map<string, SuccessorAccount>> {
  const labels = messages.handover;
  const errors: FieldError[] = [];
  const found = new Map<string, SuccessorAccount>();
  // One look-up per distinct designation: the one successor for all names the same account everywhere.
  const lookedUp = new Map<string, SuccessorAccount | string>();
  for (const { structureId, designation } of designated) {
    const field = successorField(structureId);
    const key = JSON.stringify([designation.loginEmail ?? null, designation.candidateId ?? null]);
    const account = lookedUp.get(key) ?? (await findDesignated(tx, messages, designation));
    lookedUp.set(key, account);
    if (typeof account === "string") errors.push({ field, message: account });
    else if (account.id === principalId) errors.push({ field, message: labels.successorIsSelf });
    else found.set(structureId, account);
  }
  const successorIds = [...new Set([...found.values()].map((account) => account.id))];
  await lockAccounts(tx, [principalId, ...successorIds]);
  // Read again once locked, all at once: a principal of many structures hands them over in one go.
  const accounts = new Map(
    (await tx.userAccount.findMany({ where: { id: { in: successorIds } }, select: successorAccount })).map(
      (account) => [account.id, account],
    ),
  );
  const attachedPairs = await tx.attachment.findMany({
    where: { userId: { in: successorIds }, structureId: { in: [...found.keys()] }, status: "VALIDATED" },
    select: { userId: true, structureId: true },
  });
  const attached = new Set(attachedPairs.map((pair) => `${pair.userId}:${pair.structureId}`));
  for (const [structureId, designatedAccount] of found) {
    const field = successorField(structureId);
    const account = accounts.get(designatedAccount.id);
    if (!account) throw new Error(`successor account ${designatedAccount.id} vanished`);
    if (account.status !== "ACTIVE" || account.technical) {
      errors.push({ field, message: labels.successorInactive(account.loginEmail) });
    } else if (!attached.has(`${account.id}:${structureId}`)) {
      errors.push({ field, message: labels.successorNotAttached(account.loginEmail) });
    }
  }
  if (errors.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, errors);
  return found;
}

/**
 * Moves the principal role, in the caller's transaction and under its structure lock: the former
 * principal stays attached as a simple user ("en tant qu'utilisateur simple"), the successor becomes
 * principal on the whole structure. History, the successor's e-mail and the Home tabs follow.
 */
export async function handOverPrincipal(
  tx: Tx,
  messages: Messages,
  handover: {
    structure: HandedOverStructure;
    actor: Actor;
    successor: SuccessorAccount;
    keepsAccess: boolean;
    at: Date;
  },
): Promise<void> {
  const { structure, actor, successor, at } = handover;
  const structureId = structure.id;
  await tx.attachment.updateMany({
    where: { structureId, userId: actor.accountId, role: "PRINCIPAL_MANAGER" },
    data: { role: "SIMPLE_USER" },
  });
  // One role per user and structure: every attachment of the successor carries the new role.
  await tx.attachment.updateMany({
    where: { structureId, userId: successor.id },
    data: { role: "PRINCIPAL_MANAGER" },
  });
  await tx.attachment.upsert({
    where: {
      userId_structureId_scopeKey: { userId: successor.id, structureId, scopeKey: WHOLE_STRUCTURE_SCOPE },
    },
    create: {
      userId: successor.id,
      structureId,
      scopeKey: WHOLE_STRUCTURE_SCOPE,
      role: "PRINCIPAL_MANAGER",
      status: "VALIDATED",
      startDate: parisDay(at),
    },
    update: { role: "PRINCIPAL_MANAGER", status: "VALIDATED" },
  });
  await appendHistory(tx, {
    structureId,
    action: "PRINCIPAL_TRANSFERRED",
    actorId: actor.accountId,
    actorSlackUserId: actor.slackUserId,
    targetUserId: successor.id,
    details: { newPrincipal: successor.loginEmail, formerPrincipalKeepsAccess: handover.keepsAccess },
    createdAt: at,
  });
  // The successor gets the manager's spaces; the former principal, a simple user now, loses them.
  const [successorSpaces] = await alignAndRecordSubscriptions(
    tx,
    [
      { userId: successor.id, structureId, serviceIds: null },
      { userId: actor.accountId, structureId, serviceIds: [] },
    ],
    { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, at },
  );
  await enqueueDelivery(
    tx,
    "EMAIL",
    principalHandoverEmail(messages, successor, {
      structure: label(structure),
      formerPrincipal: actor.name,
      spaces: successorSpaces?.opened ?? [],
    }),
  );
  await enqueueHomeRefresh(tx, [structureId]);
}

/** How many candidates the modal lists (a static select's limit); beyond it, the e-mail is typed. */
export const CANDIDATE_LIMIT = 100;

async function findActiveStructure(
  tx: Tx,
  messages: Messages,
  where: { identifier: string } | { id: string },
) {
  const structure =
    "id" in where && !isUuid(where.id)
      ? null
      : await tx.structure.findUnique({
          where,
          select: { id: true, identifier: true, designation: true, status: true },
        });
  if (!structure) {
    const named = "identifier" in where ? where.identifier : where.id;
    throw new AppError("not_found", messages.errors.structureNotFound(named));
  }
  if (structure.status !== "ACTIVE")
    throw new AppError("conflict", messages.errors.structureInactive(structure.identifier));
  return { id: structure.id, identifier: structure.identifier, designation: structure.designation };
}

/** `/chorus transferer <identifiant>`: checks that the caller is the principal, lists whom to choose from. */
export async function prepareTransfer(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string },
): Promise<HandoverChoice> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await findActiveStructure(tx, ctx.messages, { identifier: input.identifier });
    await assertPrincipalOf(tx, ctx.messages, actor.accountId, structure);
    const candidates = await listSuccessorCandidates(tx, structure.id, actor.accountId, CANDIDATE_LIMIT);
    return { structure, candidates };
  });
}

/**
 * Case A of the guide ("conserver son accès"): the principal manager designates an active user
 * attached to the structure as its new principal and stays attached as a simple user. One
 * transaction under the structure's lock, so that the structure always has exactly one principal.
 */
export async function transferPrincipal(
  ctx: ServiceContext,
  actor: Actor,
  input: { structureId: string; designation: SuccessorDesignation },
): Promise<{ structure: HandedOverStructure; successorName: string }> {
  const { messages } = ctx;
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await findActiveStructure(tx, messages, { id: input.structureId });
    await lockStructures(tx, [structure.id]);
    await assertPrincipalOf(tx, messages, actor.accountId, structure);
    const successors = await resolveSuccessors(tx, messages, actor.accountId, [
      { structureId: structure.id, designation: input.designation },
    ]);
    const successor = successors.get(structure.id);
    if (!successor) throw new Error(`no successor resolved for structure ${structure.id}`);
    await handOverPrincipal(tx, messages, { structure, actor, successor, keepsAccess: true, at: ctx.now() });
    // No longer a manager there: the former principal's Home tab drops the structure.
    await enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: actor.accountId });
    return { structure, successor };
  });
  ctx.outboxWritten();
  ctx.logger.info(
    { structureId: done.structure.id, from: actor.accountId, to: done.successor.id },
    "principal role handed over",
  );
  return {
    structure: done.structure,
    successorName: `${done.successor.firstName} ${done.successor.lastName}`,
  };
}
