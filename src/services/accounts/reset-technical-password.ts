import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import { generatePassword, hashPassword } from "../../security/passwords.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  findStructureTechnicalUser,
  loadTechnicalStructure,
  type TechnicalCredentials,
} from "./create-technical-user.ts";

export interface ResetTechnicalPasswordInput {
  structureId: string;
  userId: string;
}

/**
 * "Réinitialiser le mot de passe (utilisateur technique)": a new strong password replaces the old
 * one at once (only its scrypt hash is stored) and the history records it, in one transaction.
 * Principal manager only. Returns the new password, once, for the new connection PDF.
 */
export async function resetTechnicalPassword(
  ctx: ServiceContext,
  actor: Actor,
  input: ResetTechnicalPasswordInput,
): Promise<TechnicalCredentials> {
  const { messages } = ctx;
  const password = generatePassword();
  // Hashed before the transaction: scrypt is slow on purpose, and holds no lock meanwhile.
  const passwordHash = await hashPassword(password);
  const at = ctx.now();
  const reset = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadTechnicalStructure(tx, messages, actor, { id: input.structureId });
    const technicalUser = await findStructureTechnicalUser(tx, structure.id);
    if (technicalUser?.id !== input.userId) throw new AppError("not_found", messages.technicalUser.notFound);
    await tx.userAccount.update({ where: { id: technicalUser.id }, data: { passwordHash } });
    await appendHistory(tx, {
      structureId: structure.id,
      action: "TECHNICAL_PASSWORD_RESET",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: technicalUser.id,
      createdAt: at,
    });
    return { structure, account: technicalUser };
  });
  ctx.logger.info(
    { structureId: reset.structure.id, userId: reset.account.id, actorId: actor.accountId },
    "technical user password reset",
  );
  return { ...reset, password, at };
}
