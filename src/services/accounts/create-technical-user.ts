import { z } from "zod";
import { isUniqueViolation } from "../../db/errors.ts";
import { inTransaction, type Tx } from "../../db/transaction.ts";
import { WHOLE_STRUCTURE_SCOPE } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { nameKeys } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import { generatePassword, hashPassword } from "../../security/passwords.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { isUuid } from "../requests/request-details.ts";
import { lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { normalizeEmail } from "./create-user.ts";
import { alignAndRecordSubscriptions } from "./role-subscriptions.ts";

export interface TechnicalStructure {
  id: string;
  identifier: string;
  designation: string;
  slackTeamId: string | null;
}

/** A structure's technical user as the principal manager sees it. */
export interface TechnicalUser extends AccountSummary {
  contactEmail: string | null;
  createdAt: Date;
}

/**
 * What the connection PDF is built from, handed over once: the password exists nowhere else (the
 * database keeps its scrypt hash only), so it must never be logged, stored or queued.
 */
export interface TechnicalCredentials {
  structure: TechnicalStructure;
  account: AccountSummary;
  password: string;
  at: Date;
}

const TECHNICAL_USER_SELECT = { ...ACCOUNT_SUMMARY_SELECT, contactEmail: true, createdAt: true } as const;

const emailSchema = z.email().max(254);

/**
 * Only the principal manager creates a technical user or resets its password (guide, "Créer un
 * utilisateur technique"); a secondary manager is refused like a non-manager.
 */
async function assertMayManageTechnicalUser(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  structure: TechnicalStructure,
): Promise<void> {
  const role = await assertManagerOf(tx, messages, actor, structure);
  if (role !== "PRINCIPAL_MANAGER")
    throw new AppError(
      "forbidden",
      messages.technicalUser.principalOnly(`${structure.designation} (${structure.identifier})`),
    );
}

/** The structure's technical user (one per structure): the technical account attached to it. */
export function findStructureTechnicalUser(tx: Tx, structureId: string): Promise<TechnicalUser | null> {
  return tx.userAccount.findFirst({
    where: { technical: true, attachments: { some: { structureId, status: "VALIDATED" } } },
    select: TECHNICAL_USER_SELECT,
  });
}

/**
 * What the principal manager is shown before creating or resetting (`/chorus technique <identifiant>`,
 * a reset button): the structure, by identifier or id, and its technical user, or null when there is
 * none yet. Checked first so that nobody else is shown a form they could not submit.
 */
export async function loadTechnicalUser(
  ctx: ServiceContext,
  actor: Actor,
  structureKey: StructureKey,
): Promise<{ structure: TechnicalStructure; technicalUser: TechnicalUser | null }> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadTechnicalStructure(tx, ctx.messages, actor, structureKey);
    return { structure, technicalUser: await findStructureTechnicalUser(tx, structure.id) };
  });
}

type StructureKey = { identifier: string } | { id: string };

/** The structure, by identifier or id, once the actor is checked to be its principal manager. */
export async function loadTechnicalStructure(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  structureKey: StructureKey,
): Promise<TechnicalStructure> {
  const named = "identifier" in structureKey || isUuid(structureKey.id);
  const structure = named
    ? await tx.structure.findUnique({
        where: structureKey,
        select: { id: true, identifier: true, designation: true, slackTeamId: true },
      })
    : null;
  if (!structure) {
    throw new AppError(
      "not_found",
      "identifier" in structureKey
        ? messages.errors.structureNotFound(structureKey.identifier)
        : messages.detach.structureNotFound,
    );
  }
  await assertMayManageTechnicalUser(tx, messages, actor, structure);
  return structure;
}

export interface CreateTechnicalUserInput {
  structureId: string;
  loginEmail: string;
  contactEmail: string | null;
}

function checkEmails(messages: Messages, input: CreateTechnicalUserInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!emailSchema.safeParse(normalizeEmail(input.loginEmail)).success)
    errors.push({ field: "loginEmail", message: messages.technicalUser.loginInvalid });
  if (input.contactEmail && !emailSchema.safeParse(normalizeEmail(input.contactEmail)).success)
    errors.push({ field: "contactEmail", message: messages.technicalUser.contactInvalid });
  return errors;
}

/**
 * "Créer un utilisateur technique": an active technical account with a strong random password (only
 * its scrypt hash is stored), attached to the whole structure as a simple user, and the history line,
 * in one transaction. Its names are "Utilisateur technique" and the structure's designation, so a
 * user search tells one structure's technical user from another's. One per structure: the structure
 * row is locked so two submissions cannot both create one. Returns the password, once, for the PDF.
 */
export async function createTechnicalUser(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateTechnicalUserInput,
): Promise<TechnicalCredentials> {
  const { messages } = ctx;
  const fieldErrors = checkEmails(messages, input);
  if (fieldErrors.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, fieldErrors);
  const loginEmail = normalizeEmail(input.loginEmail);
  const password = generatePassword();
  // Hashed before the transaction: scrypt is slow on purpose, and holds no lock meanwhile.
  const passwordHash = await hashPassword(password);
  const at = ctx.now();
  const created = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadTechnicalStructure(tx, messages, actor, { id: input.structureId });
    // Serialises the creations on this structure: the second one sees the first one's user.
    await lockStructures(tx, [structure.id]);
    const existing = await findStructureTechnicalUser(tx, structure.id);
    if (existing) throw new AppError("conflict", messages.technicalUser.alreadyExists(existing.loginEmail));
    const loginUsed = () => {
      const message = messages.technicalUser.loginUsed(loginEmail);
      return new AppError("invalid_input", message, [{ field: "loginEmail", message }]);
    };
    if (await tx.userAccount.findUnique({ where: { loginEmail }, select: { id: true } })) throw loginUsed();
    const names = { firstName: messages.technicalUser.accountFirstName, lastName: structure.designation };
    const account = await tx.userAccount
      .create({
        data: {
          loginEmail,
          contactEmail: input.contactEmail ? normalizeEmail(input.contactEmail) : null,
          ...names,
          ...nameKeys(names),
          status: "ACTIVE",
          technical: true,
          passwordHash,
          attachments: {
            create: {
              structureId: structure.id,
              scopeKey: WHOLE_STRUCTURE_SCOPE,
              role: "SIMPLE_USER",
              startDate: parisDay(at),
              status: "VALIDATED",
            },
          },
        },
        select: ACCOUNT_SUMMARY_SELECT,
      })
      .catch((error: unknown) => {
        // The same login taken by a concurrent creation of any account.
        throw isUniqueViolation(error) ? loginUsed() : error;
      });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "TECHNICAL_USER_CREATED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: account.id,
      details: { loginEmail },
      createdAt: at,
    });
    await alignAndRecordSubscriptions(
      tx,
      [{ userId: account.id, structureId: structure.id, serviceIds: null }],
      { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, at },
    );
    return { structure, account };
  });
  ctx.logger.info(
    { structureId: created.structure.id, userId: created.account.id, actorId: actor.accountId },
    "technical user created",
  );
  return { ...created, password, at };
}
