import type { Deliver, OutboxItem } from "./outbox-worker.ts";
import { DeliveryError } from "./outbox-worker.ts";

/** The outbox items that are e-mails. */
export type EmailItem = Extract<OutboxItem, { kind: "EMAIL" | "ACTIVATION_EMAIL" }>;
/** The outbox items that go to Slack. */
export type SlackItem = Exclude<OutboxItem, EmailItem>;

const EMAIL_KINDS = new Set<string>(["EMAIL", "ACTIVATION_EMAIL"] satisfies EmailItem["kind"][]);
const SLACK_KINDS = new Set<string>([
  "SLACK_SHOW_REQUEST",
  "SLACK_REFRESH_REQUEST",
  "SLACK_POST_MESSAGE",
  "SLACK_PUBLISH_HOME",
  "SLACK_BULK_SUMMARY",
  "SLACK_TELL_REQUESTER",
  "SLACK_ASK_REQUESTER",
  "SLACK_COMPLETE_FUNCTION",
] satisfies SlackItem["kind"][]);

/**
 * Routes each outbox item to the delivery of its kind: the e-mails to `email`, the rest to `slack`
 * (made by services/ and slack/; the outbox knows neither). Any error becomes a DeliveryError, so that
 * the worker knows whether to try again.
 */
export function createDeliver(deps: {
  email: (item: EmailItem) => Promise<void>;
  slack: (item: SlackItem) => Promise<void>;
  toDeliveryError: (error: unknown) => DeliveryError;
}): Deliver {
  return async (item) => {
    try {
      if (EMAIL_KINDS.has(item.kind)) return await deps.email(item as EmailItem);
      if (SLACK_KINDS.has(item.kind)) return await deps.slack(item as SlackItem);
      // Only a row written by a newer version gets here.
      throw new DeliveryError(`no delivery for outbox kind ${item.kind}`, { permanent: true });
    } catch (error) {
      throw error instanceof DeliveryError ? error : deps.toDeliveryError(error);
    }
  };
}
