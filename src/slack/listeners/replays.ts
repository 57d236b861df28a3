import {
  type AnyMiddlewareArgs,
  type Context,
  HTTPModuleFunctions,
  type Middleware,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import type { AckArgs } from "../../http/ack-first.ts";
import type { Logger } from "../../logger.ts";
import type { SlackRequestReceipt } from "../../services/slack-workspace/slack-request-receipts.ts";

/** The name under which the receiver hands each request's receipt to Bolt's context. */
export const RECEIPT_PROPERTY = "slackReceipt";

/** A signed request seen before: thrown to Bolt so that its receiver answers 401. */
export class ReplayedSlackRequest extends Error {
  /** Bolt passes errors that carry a code through as they are (others get wrapped). */
  readonly code = "chorus_replayed_slack_request";

  constructor() {
    super("replayed Slack request refused");
  }
}

function receiptIn(context: Context): SlackRequestReceipt | undefined {
  return context[RECEIPT_PROPERTY] as SlackRequestReceipt | undefined;
}

/**
 * Global middleware, first of all: a listener runs only once its request is known not to be a replay
 * (http/slack-replay-guard.ts); a replay stops here and is answered 401, a failed write 500.
 *
 * A block action's ack carries nothing and its listener acks before any work: it goes on as soon as
 * the request is not known as a replay (at once on PostgreSQL, without waiting for the database); its
 * work then waits for the receipt's write (`afterReceipt`). Modal submissions, options and commands,
 * whose ack may carry what their work found, wait for the write here. Requests that carry no receipt
 * (Socket Mode) go straight on.
 */
export const holdUntilRecorded: Middleware<AnyMiddlewareArgs> = async ({ body, context, next }) => {
  const receipt = receiptIn(context);
  if (receipt) {
    const verdict = body.type === "block_actions" ? receipt.firstAsFarAsKnown : receipt.first;
    if (!(await verdict)) throw new ReplayedSlackRequest();
  }
  await next();
};

/**
 * The listener, whose `ack` then waits for the request's receipt to be written: a replay that only
 * the database could tell (a copy sent to another replica within milliseconds) stops there, acked but
 * with no effect.
 */
export function afterReceipt<Args extends AckArgs & { context: Context }>(
  listener: (args: Args) => Promise<void>,
): (args: Args) => Promise<void> {
  return (args) => {
    const ack = async (...response: Parameters<Args["ack"]>) => {
      await args.ack(...response);
      const receipt = receiptIn(args.context);
      if (receipt && !(await receipt.first)) throw new ReplayedSlackRequest();
    };
    return listener({ ...args, ack: ack as Args["ack"] });
  };
}

/** The receiver's error handler: 401 for a replay, with one warning; Bolt's own answer otherwise. */
export function answerReplays(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (!(args.error instanceof ReplayedSlackRequest)) {
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    }
    const requestTimestamp = Number(args.request.headers["x-slack-request-timestamp"]);
    // Stopped after its ack (afterReceipt): answered already, nothing done.
    if (args.response.headersSent) {
      logger.warn({ requestTimestamp, acknowledged: true }, "replayed Slack request refused");
      return false;
    }
    logger.warn({ requestTimestamp }, "replayed Slack request refused");
    args.response.writeHead(401);
    args.response.end();
    return true;
  };
}
