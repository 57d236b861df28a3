import type { Context, RespondFn } from "@slack/bolt";
import type { ViewsOpenResponse, WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { platformErrorIs } from "../web-api.ts";
import { currentSlackAction } from "./slack-action.ts";

/** The name under which the receiver hands each request's arrival time (Date.now()) to Bolt's context. */
export const RECEIVED_AT_PROPERTY = "slackReceivedAt";

/**
 * Slack refuses a trigger_id 3 s after the click (`expired_trigger_id`). A modal asked for later than
 * this after the click reached the app is not even tried: with the way to Slack and back, it would
 * most likely be refused, and the person would have waited for nothing.
 */
export const TRIGGER_DEADLINE_MS = 2500;

/** What a listener receives that says where the person clicked and how to answer them. */
interface TriggerArgs {
  client: WebClient;
  body: unknown;
  context: Context;
  respond?: RespondFn;
}

/** Slack's answer for a trigger_id used too late, which the guarded client returns instead of throwing. */
const EXPIRED: ViewsOpenResponse = { ok: false, error: "expired_trigger_id" };

/** The clicker, and where they clicked: the command's response URL, the message's channel, or neither. */
function whereClicked(body: unknown): { userId: string; channelId?: string; command: boolean } {
  const request = (body ?? {}) as {
    command?: string;
    user_id?: string;
    user?: { id?: string };
    container?: { channel_id?: string };
    channel?: { id?: string };
  };
  const command = typeof request.command === "string";
  const userId = (command ? request.user_id : request.user?.id) ?? "";
  const channelId = request.container?.channel_id ?? request.channel?.id;
  return { userId, command, ...(channelId ? { channelId } : {}) };
}

/**
 * The listener, given a Slack client whose views.open and views.push keep to the life of the
 * request's trigger_id: asked more than TRIGGER_DEADLINE_MS after the request arrived (a burst of
 * clicks, a slow database), or answered `expired_trigger_id` by Slack, the modal is not opened and the
 * person is told privately, where they clicked, to click again: an ephemeral message in the channel
 * (the command's answer for a slash command; a message from the app when the click came from the
 * Home tab or a modal, which have no channel). One warning is logged. The call then returns Slack's
 * answer for a dead trigger (`ok: false`) instead of throwing: there is nothing left for the listener
 * to do, and its own error handling would only try the dead trigger again or tell the person twice.
 * Other calls, and other failures, are left as they are.
 */
export function withTriggerDeadline<Args extends TriggerArgs>(
  ctx: ServiceContext,
  listener: (args: Args) => Promise<void>,
): (args: Args) => Promise<void> {
  return (args) => listener({ ...args, client: guardTriggers(ctx, args) });
}

function guardTriggers(ctx: ServiceContext, args: TriggerArgs): WebClient {
  const { client } = args;
  const receivedAt = args.context[RECEIVED_AT_PROPERTY] as number | undefined;
  // A request's trigger_id serves once: once the person is told, later tries are not made.
  let missed = false;

  async function tellToClickAgain(method: string, reason: string): Promise<typeof EXPIRED> {
    if (missed) return EXPIRED;
    missed = true;
    const where = whereClicked(args.body);
    const { modalTooLate, modalTooLateCommand } = ctx.messages.errors;
    const text = where.command ? modalTooLateCommand : modalTooLate;
    let toldBy: string;
    let tellFailed: string | undefined;
    try {
      if (where.command && args.respond) {
        toldBy = "response_url";
        await args.respond({ response_type: "ephemeral", text });
      } else if (where.channelId) {
        toldBy = "ephemeral";
        await client.chat.postEphemeral({ channel: where.channelId, user: where.userId, text });
      } else {
        toldBy = "direct_message";
        await client.chat.postMessage({ channel: where.userId, text });
      }
    } catch (error) {
      toldBy = "none";
      tellFailed = error instanceof Error ? error.message : String(error);
    }
    ctx.logger.warn(
      {
        slackUserId: where.userId,
        action: currentSlackAction(),
        method,
        reason,
        sinceReceivedMs: receivedAt === undefined ? undefined : Date.now() - receivedAt,
        toldBy,
        ...(tellFailed ? { tellFailed } : {}),
      },
      "modal not opened: its trigger_id expired, the user is asked to click again",
    );
    return EXPIRED;
  }

  function guarded<Call extends (options: never) => Promise<ViewsOpenResponse>>(
    method: "views.open" | "views.push",
    call: Call,
  ): Call {
    return (async (options: Parameters<Call>[0]) => {
      if (missed) return EXPIRED;
      if (receivedAt !== undefined && Date.now() - receivedAt > TRIGGER_DEADLINE_MS)
        return tellToClickAgain(method, "late");
      try {
        return await call(options);
      } catch (error) {
        if (platformErrorIs(error, "expired_trigger_id"))
          return tellToClickAgain(method, "expired_trigger_id");
        throw error;
      }
    }) as Call;
  }

  // The client's other methods, bound to it, are inherited as they are.
  const views = {
    ...client.views,
    open: guarded("views.open", client.views.open),
    push: guarded("views.push", client.views.push),
  };
  const guardedClient = Object.create(client) as WebClient;
  Object.defineProperty(guardedClient, "views", { value: views, enumerable: true });
  return guardedClient;
}
