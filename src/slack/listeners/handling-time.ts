import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Metrics } from "../../metrics.ts";
import { ReplayedSlackRequest } from "./replays.ts";
import { kindOfSlackRequest } from "./slack-action.ts";

/**
 * Global middleware, first of all: times each Slack request Bolt handles, from Bolt receiving it to
 * the end of its listeners' work (the ack, the wait for the burst's other acks, then the work), on
 * /metrics by kind and outcome: "ok", "replay" (refused as a copy of a request already handled) or
 * "failed" (a listener threw).
 */
export function timeSlackHandling(metrics: Pick<Metrics, "slackHandling">): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const done = metrics.slackHandling.startTimer({
      kind: kindOfSlackRequest(body as unknown as Record<string, unknown>),
    });
    try {
      await next();
      done({ outcome: "ok" });
    } catch (error) {
      done({ outcome: error instanceof ReplayedSlackRequest ? "replay" : "failed" });
      throw error;
    }
  };
}
