import {
  type AnyMiddlewareArgs,
  HTTPModuleFunctions,
  type Middleware,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import type { Logger } from "../../logger.ts";

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

/**
 * Global middleware, first of all: a listener runs only once its request's receipt is written and
 * shows the request was not seen before (http/slack-replay-guard.ts); a replay stops here and is
 * answered 401, a failed write 500. Requests that carry no receipt (Socket Mode) go straight on.
 */
export const holdUntilRecorded: Middleware<AnyMiddlewareArgs> = async ({ context, next }) => {
  const receipt = context[RECEIPT_PROPERTY] as Promise<boolean> | undefined;
  if (receipt && !(await receipt)) throw new ReplayedSlackRequest();
  await next();
};

/** The receiver's error handler: 401 for a replay, with one warning; Bolt's own answer otherwise. */
export function answerReplays(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    if (!(args.error instanceof ReplayedSlackRequest)) {
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    }
    logger.warn(
      { requestTimestamp: Number(args.request.headers["x-slack-request-timestamp"]) },
      "replayed Slack request refused",
    );
    args.response.writeHead(401);
    args.response.end();
    return true;
  };
}
