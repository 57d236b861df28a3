import type { TechnicalAccount } from "../../chorus-pro/api.ts";
import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { assertManagerOf } from "../structures/manager-access.ts";
import { askChorusPro, requireChorusPro, sealTechnicalPassword } from "./chorus-pro-link.ts";

/** A structure already imported, whose technical account's password may be renewed. */
export async function findConnectedStructure(ctx: ServiceContext, identifier: string) {
  return ctx.prisma.structure.findFirst({
    where: { identifier, chorusPro: { isNot: null } },
    select: { id: true, identifier: true, designation: true },
  });
}

/**
 * The technical account of an imported structure, renewed after its password was reset in Chorus
 * Pro (or another technical account given): by its principal manager here, checked against Chorus
 * Pro (the account must see this same structure), then sealed in place of the old one, with the new
 * expiry date read, and a line in its history. Chorus Pro is read first: nothing changes when it
 * refuses.
 */
export async function renewTechnicalAccount(
  ctx: ServiceContext,
  actor: { accountId: string; slackUserId: string | null; teamId: string | null },
  input: { identifier: string; technicalAccount: TechnicalAccount },
): Promise<{ designation: string; identifier: string; passwordExpiresAt: Date | null }> {
  const { messages } = ctx;
  const link = requireChorusPro(ctx);
  const connection = await ctx.prisma.chorusProConnection.findFirst({
    where: { structure: { identifier: input.identifier } },
    include: { structure: true },
  });
  if (!connection) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
  const role = await inTransaction(ctx.prisma, (tx) =>
    assertManagerOf(tx, messages, actor, connection.structure),
  );
  if (role !== "PRINCIPAL_MANAGER") throw new AppError("forbidden", messages.chorusProImport.principalOnly);
  const account = input.technicalAccount;
  const fields = { account: "technicalAccount", subject: "identifier" };
  const chorusProId = Number(connection.chorusProId);
  const details = await askChorusPro(() => link.api.consultStructure(account, chorusProId), fields);
  await inTransaction(ctx.prisma, async (tx) => {
    await tx.chorusProConnection.update({
      where: { structureId: connection.structureId },
      data: {
        technicalLogin: account.login,
        technicalPassword: sealTechnicalPassword(link, connection.structureId, account.password),
        passwordExpiresAt: details.technicalPasswordExpiresAt,
        lastSyncError: null,
      },
    });
    await appendHistory(tx, {
      structureId: connection.structureId,
      action: "TECHNICAL_PASSWORD_RESET",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      comment: messages.chorusProImport.renewedHistory(account.login),
      createdAt: ctx.now(),
    });
  });
  ctx.logger.info({ structureId: connection.structureId }, "technical account renewed");
  return {
    designation: connection.structure.designation,
    identifier: connection.structure.identifier,
    passwordExpiresAt: details.technicalPasswordExpiresAt,
  };
}
