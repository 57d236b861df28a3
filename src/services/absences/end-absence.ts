import { inTransaction } from "../../db/transaction.ts";
import { parisDay } from "../../domain/dates.ts";
import { AppError } from "../../errors.ts";
import { directMessage, enqueueDeliveries } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { findOwnAbsence, lockAbsencesOf, recordOnEachStructure } from "./manager-absences.ts";

/**
 * « Terminer l'absence »: back before its last day (or an absence to come, withdrawn). A history line
 * on each structure managed, the Home tab redrawn and the delegate told, in one transaction.
 */
export async function endAbsence(ctx: ServiceContext, actor: Actor): Promise<void> {
  const { messages } = ctx;
  const today = parisDay(ctx.now());
  await inTransaction(ctx.prisma, async (tx) => {
    const structureIds = await lockAbsencesOf(tx, ctx, actor);
    const current = await findOwnAbsence(tx, actor.accountId, today);
    if (!current) throw new AppError("conflict", messages.absence.notAbsent);
    await tx.managerAbsence.delete({ where: { accountId: actor.accountId } });
    await recordOnEachStructure(tx, structureIds, actor, ctx.now(), { action: "ABSENCE_ENDED" });
    await enqueueDeliveries(tx, [
      { kind: "SLACK_PUBLISH_HOME", payload: { accountId: actor.accountId } },
      ...(current.delegateId
        ? [directMessage(current.delegateId, messages.absence.delegateBackDm(actor.name))]
        : []),
    ]);
  });
  ctx.outboxWritten();
  ctx.logger.info({ accountId: actor.accountId }, "absence ended");
}
