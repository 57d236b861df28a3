import { inTransaction } from "../../db/transaction.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "./manager-access.ts";

/**
 * `/chorus canal <identifiant>`: a manager of the structure chooses the channel showing its requests.
 * The channel's workspace is kept with it: over OAuth, deliveries there use that workspace's token.
 */
export async function setStructureChannel(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string; channelId: string; teamId: string },
) {
  const { messages } = ctx;
  const structure = await inTransaction(ctx.prisma, async (tx) => {
    const found = await tx.structure.findUnique({ where: { identifier: input.identifier } });
    if (!found) throw new AppError("not_found", messages.errors.structureNotFound(input.identifier));
    // From the structure's workspace only, when it has one: the channel is looked for there.
    await assertManagerOf(tx, messages, { accountId: actor.accountId, teamId: input.teamId }, found);
    // Already so (the command run again, or retried by Slack): nothing to record twice.
    if (found.slackChannelId === input.channelId && found.slackTeamId === input.teamId) return found;
    await appendHistory(tx, {
      structureId: found.id,
      action: "STRUCTURE_CHANNEL_SET",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      details: { from: found.slackChannelId, to: input.channelId },
      createdAt: ctx.now(),
    });
    return tx.structure.update({
      where: { id: found.id },
      data: { slackChannelId: input.channelId, slackTeamId: input.teamId },
    });
  });
  ctx.logger.info(
    { structureId: structure.id, channelId: input.channelId, teamId: input.teamId },
    "structure channel set",
  );
  return structure;
}
