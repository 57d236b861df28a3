import type { EmailSender } from "./email-delivery.ts";
import { deliverHomeTab } from "./home-delivery.ts";
import { type Deliver, DeliveryError } from "./outbox-worker.ts";
import {
  deliverSlackPost,
  deliverSlackRefresh,
  deliverSlackShow,
  type SlackDeliveryDeps,
} from "./slack-delivery.ts";

/** Routes each outbox item to its channel: e-mail over SMTP, or Slack over the Web API. */
export function createDeliver(deps: {
  email: EmailSender;
  slack: SlackDeliveryDeps;
  toDeliveryError: (error: unknown) => DeliveryError;
}): Deliver {
  return async (item) => {
    try {
      switch (item.kind) {
        case "EMAIL":
          return await deps.email.send(item.id, item.payload);
        case "SLACK_SHOW_REQUEST":
          return await deliverSlackShow(deps.slack, item.payload);
        case "SLACK_REFRESH_REQUEST":
          return await deliverSlackRefresh(deps.slack, item.payload);
        case "SLACK_POST_MESSAGE":
          return await deliverSlackPost(deps.slack, item.payload);
        case "SLACK_PUBLISH_HOME":
          return await deliverHomeTab(deps.slack, item.payload);
        default: // every kind is handled: only a row written by a newer version gets here
          throw new DeliveryError(`no delivery for outbox kind ${(item as { kind: string }).kind}`, {
            permanent: true,
          });
      }
    } catch (error) {
      throw error instanceof DeliveryError ? error : deps.toDeliveryError(error);
    }
  };
}
