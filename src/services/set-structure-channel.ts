import { inTransaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { ServiceContext } from "./context.ts";
import { appendHistory } from "./history.ts";
import { assertManagerOf } from "./manager-access.ts";
import type { Actor } from "./slack-identities.ts";

/** `/chorus canal <identifiant>`: a manager of the structure chooses the channel showing its requests. */
export async function setStructureChannel(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string; channelId: string },
) {
  const { messages } = ctx;
  const structure = await inTransaction(ctx.prisma, async (tx) => {
    const found = await tx.structure.findUnique({ where: { identifier: input.identifier } });
    if (!found) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
    await assertManagerOf(tx, messages, actor.accountId, found);
    await appendHistory(tx, {
      structureId: found.id,
      action: "STRUCTURE_CHANNEL_SET",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      details: { from: found.slackChannelId, to: input.channelId },
      createdAt: ctx.now(),
    });
    return tx.structure.update({ where: { id: found.id }, data: { slackChannelId: input.channelId } });
  });
  ctx.logger.info({ structureId: structure.id, channelId: input.channelId }, "structure channel set");
  return structure;
}
