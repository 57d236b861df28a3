import type { WebClient } from "@slack/web-api";
import { isAppError } from "../../errors.ts";
import type { ServiceContext } from "../../services/context.ts";

/**
 * Why a user's action did nothing, in their language: the AppError's message, or a generic one for
 * an unexpected error, which is logged with its stack (never swallowed). Refusals are logged too.
 */
export function explainToUser(ctx: ServiceContext, error: unknown, slackUserId: string): string {
  if (!isAppError(error)) {
    ctx.logger.error({ err: error, slackUserId }, "Slack action failed");
    return ctx.messages.errors.unexpected;
  }
  if (error.code === "forbidden")
    ctx.logger.warn({ slackUserId, reason: error.message }, "refused action attempt");
  return error.message;
}

/** Tells the user privately (an ephemeral message where they clicked) why their action did nothing. */
export async function reportToUser(
  ctx: ServiceContext,
  client: WebClient,
  where: { channelId: string | undefined; userId: string },
  error: unknown,
): Promise<void> {
  const text = explainToUser(ctx, error, where.userId);
  if (where.channelId)
    await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, text });
}
