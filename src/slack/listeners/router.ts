import type {
  AllMiddlewareArgs,
  App,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";
import { type AckArgs, afterAcks } from "../../http/ack-first.ts";
import type { ListenerDeps } from "./deps.ts";
import { afterReceipt } from "./replays.ts";
import { withTriggerDeadline } from "./trigger-deadline.ts";

type Listener<Args> = (args: Args & AllMiddlewareArgs) => Promise<void>;
type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type OptionsArgs = SlackOptionsMiddlewareArgs & AllMiddlewareArgs;

/** The listeners of one kind of request, by exact id, then by pattern (ids numbered per row). */
class Routes<Args> {
  private readonly exact = new Map<string, Listener<Args>>();
  private readonly patterns: [RegExp, Listener<Args>][] = [];

  add(id: string | RegExp, listener: Listener<Args>): void {
    if (typeof id !== "string") {
      this.patterns.push([id, listener]);
      return;
    }
    if (this.exact.has(id)) throw new Error(`two Slack listeners for "${id}"`);
    this.exact.set(id, listener);
  }

  find(id: string | undefined): Listener<Args> | undefined {
    if (id === undefined) return undefined;
    return this.exact.get(id) ?? this.patterns.find(([pattern]) => pattern.test(id))?.[1];
  }
}

/**
 * Bolt runs the middleware chain of every registered listener on every request to find the ones that
 * match: with the app's fifty listeners, that work cost more than the rest of an ack, and in a burst
 * of clicks it doubled the last click's wait. So Bolt gets one listener per kind of request (block
 * action, modal submission, options request), and the router finds the app's listener by its id in a
 * map. Each listener's work after its ack waits for the acks of the requests received meanwhile
 * (http/ack-first.ts) and for its request's receipt (replays.ts), which a block action's ack does
 * not wait for: its listener must ack before any work. Its modals keep to the life of its trigger_id
 * (trigger-deadline.ts). A request with no listener is left unanswered, as Bolt leaves it.
 */
export function createSlackRouter(deps: Pick<ListenerDeps, "ctx" | "workTurn">) {
  const actions = new Routes<SlackActionMiddlewareArgs>();
  const views = new Routes<SlackViewMiddlewareArgs>();
  const options = new Routes<SlackOptionsMiddlewareArgs>();
  const events: ((app: App) => void)[] = [];
  const first = <Args extends AckArgs & AllMiddlewareArgs & { body: unknown }>(
    listener: (args: Args) => Promise<void>,
  ) => afterAcks(deps.workTurn, afterReceipt<Args>(withTriggerDeadline<Args>(deps.ctx, listener)));

  return {
    /** A block action (button, select, date picker…) by its `action_id`. */
    action<Args extends ActionArgs>(
      actionId: string | RegExp,
      listener: (args: Args) => Promise<void>,
    ): void {
      actions.add(actionId, first(listener) as Listener<SlackActionMiddlewareArgs>);
    },
    /** A modal's submission by its `callback_id`. */
    view<Args extends ViewArgs>(callbackId: string, listener: (args: Args) => Promise<void>): void {
      views.add(callbackId, first(listener) as Listener<SlackViewMiddlewareArgs>);
    },
    /** An external select's options request by its `action_id`. */
    options<Args extends OptionsArgs>(actionId: string, listener: (args: Args) => Promise<void>): void {
      options.add(actionId, first(listener) as Listener<SlackOptionsMiddlewareArgs>);
    },
    /** An Events API event: Bolt acks it itself and hands it over as is. */
    event<Type extends string>(
      type: Type,
      listener: (args: SlackEventMiddlewareArgs<Type> & AllMiddlewareArgs) => Promise<void>,
    ): void {
      events.push((app) => app.event(type, listener));
    },
    /**
     * A Workflow Builder step (a function of manifest.yml) by its `callback_id`: Bolt acks its
     * function_executed event before the listener runs (autoAcknowledge), and leaves the execution
     * running until `complete` or `fail` is called, now or later.
     */
    function(
      callbackId: string,
      listener: (args: SlackEventMiddlewareArgs<"function_executed"> & AllMiddlewareArgs) => Promise<void>,
    ): void {
      events.push((app) => app.function(callbackId, listener));
    },
    /** Registers the router's three listeners, and the events, with Bolt. */
    mount(app: App): void {
      for (const register of events) register(app);
      app.action(/.*/, async (args) => {
        const id = "action_id" in args.action ? args.action.action_id : undefined;
        await actions.find(id)?.(args);
      });
      app.view({ type: "view_submission" }, async (args) => {
        await views.find(args.view.callback_id)?.(args);
      });
      app.options(/.*/, async (args) => {
        const id = "action_id" in args.options ? args.options.action_id : undefined;
        await options.find(id)?.(args);
      });
    },
  };
}

/** Where each feature registers its listeners (features/<feature>/index.ts). */
export type SlackRouter = Omit<ReturnType<typeof createSlackRouter>, "mount">;
