import { AsyncLocalStorage } from "node:async_hooks";
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

/** The Slack action being handled, for the log lines written while handling it (e.g. a refusal). */
const currentAction = new AsyncLocalStorage<string>();

/** What Slack sent: "block_actions", "view_submission", "event_callback"…, or the slash command ("/chorus"). */
export function kindOfSlackRequest(body: Record<string, unknown>): string {
  return typeof body.command === "string" ? body.command : String(body.type ?? "unknown");
}

/** "block_actions:<action_id>", "view_submission:<callback_id>", "/chorus <sub-command>"… */
function nameOf(body: Record<string, unknown>): string {
  const type = kindOfSlackRequest(body);
  if (typeof body.command === "string") {
    const [subcommand = ""] = String(body.text ?? "")
      .trim()
      .split(/\s+/);
    return `${type} ${subcommand}`.trim();
  }
  const actions = body.actions as { action_id?: string }[] | undefined;
  const view = body.view as { callback_id?: string } | undefined;
  const event = body.event as { type?: string } | undefined;
  if (actions?.[0]?.action_id) return `${type}:${actions[0].action_id}`;
  if (typeof body.action_id === "string") return `${type}:${body.action_id}`;
  if (view?.callback_id) return `${type}:${view.callback_id}`;
  if (event?.type) return `${type}:${event.type}`;
  return type;
}

/**
 * Global middleware: names the action for everything its listener does, including work it leaves
 * running after the ack (AsyncLocalStorage follows it), without threading the name through calls.
 */
export const nameSlackAction: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  await currentAction.run(nameOf(body as unknown as Record<string, unknown>), next);
};

/** The action handled now, or undefined outside a Slack listener. */
export function currentSlackAction(): string | undefined {
  return currentAction.getStore();
}
