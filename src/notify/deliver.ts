import type { ServiceContext } from "../services/context.ts";
import { renderActivationEmail } from "../services/send-activation-emails.ts";
import {
  workspaceOfAccount,
  workspaceOfChannel,
  workspaceOfRequest,
} from "../services/slack-installations.ts";
import type { DeliveryWorkspace, SlackWorkspaces } from "../slack/workspace-clients.ts";
import type { EmailSender } from "./email-delivery.ts";
import { deliverHomeTab } from "./home-delivery.ts";
import type { OutboxPayloads } from "./outbox.ts";
import { type Deliver, DeliveryError, type OutboxItem } from "./outbox-worker.ts";
import {
  deliverSlackPost,
  deliverSlackRefresh,
  deliverSlackShow,
  type SlackDeliveryDeps,
} from "./slack-delivery.ts";

type SlackItem = Exclude<OutboxItem, { kind: "EMAIL" | "ACTIVATION_EMAIL" }>;

/** The workspace a Slack delivery is for, when several are installed: its structure's, or its recipient's. */
function workspaceHint(ctx: ServiceContext, item: SlackItem): () => Promise<string | null> {
  switch (item.kind) {
    case "SLACK_SHOW_REQUEST":
    case "SLACK_REFRESH_REQUEST":
      return () => workspaceOfRequest(ctx, item.payload.requestType, item.payload.requestId);
    case "SLACK_POST_MESSAGE":
      return () => workspaceOfPost(ctx, item.payload);
    case "SLACK_PUBLISH_HOME":
      return () => workspaceOfAccount(ctx, item.payload.accountId);
  }
}

async function workspaceOfPost(
  ctx: ServiceContext,
  payload: OutboxPayloads["SLACK_POST_MESSAGE"],
): Promise<string | null> {
  const ofChannel = payload.channel ? await workspaceOfChannel(ctx, payload.channel) : null;
  return ofChannel ?? (payload.accountId ? workspaceOfAccount(ctx, payload.accountId) : null);
}

/**
 * Routes each outbox item to its channel: e-mail over SMTP (an activation e-mail rendered first, with
 * its link made then), or Slack over the Web API with the client of the workspace it goes to (over
 * OAuth, each workspace has its own bot token).
 */
export function createDeliver(deps: {
  ctx: ServiceContext;
  email: EmailSender;
  slack: Omit<SlackDeliveryDeps, keyof DeliveryWorkspace>;
  workspaces: SlackWorkspaces;
  toDeliveryError: (error: unknown) => DeliveryError;
}): Deliver {
  async function deliverToSlack(item: SlackItem): Promise<void> {
    const workspace = await deps.workspaces.forDelivery(workspaceHint(deps.slack.ctx, item));
    if (!workspace) {
      deps.slack.ctx.logger.warn(
        { outboxId: item.id, kind: item.kind },
        "no Slack workspace known for the delivery: skipped",
      );
      return;
    }
    const slack: SlackDeliveryDeps = { ...deps.slack, ...workspace };
    switch (item.kind) {
      case "SLACK_SHOW_REQUEST":
        return deliverSlackShow(slack, item.payload);
      case "SLACK_REFRESH_REQUEST":
        return deliverSlackRefresh(slack, item.payload);
      case "SLACK_POST_MESSAGE":
        return deliverSlackPost(slack, item.payload);
      case "SLACK_PUBLISH_HOME":
        return deliverHomeTab(slack, item.payload);
    }
  }

  /** The activation e-mail is rendered now, with a link made now: the outbox row holds no secret. */
  async function deliverActivationEmail(item: Extract<OutboxItem, { kind: "ACTIVATION_EMAIL" }>) {
    const email = await renderActivationEmail(deps.ctx, item.payload.activationTokenId);
    if (!email) {
      deps.ctx.logger.info(
        { outboxId: item.id, activationTokenId: item.payload.activationTokenId },
        "activation link revoked, used or no longer pending: its e-mail is not sent",
      );
      return;
    }
    await deps.email.send(item.id, email);
  }

  return async (item) => {
    try {
      switch (item.kind) {
        case "EMAIL":
          return await deps.email.send(item.id, item.payload);
        case "ACTIVATION_EMAIL":
          return await deliverActivationEmail(item);
        case "SLACK_SHOW_REQUEST":
        case "SLACK_REFRESH_REQUEST":
        case "SLACK_POST_MESSAGE":
        case "SLACK_PUBLISH_HOME":
          return await deliverToSlack(item);
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
