import type { OutboxPayloads } from "../../notify/outbox.ts";
import { listMyRequests } from "../../services/requests/list-my-requests.ts";
import { loadManagerHome } from "../../services/requests/load-manager-home.ts";
import { findSlackUserIdOfAccount } from "../../services/slack-workspace/slack-identities.ts";
import { managerHomeView } from "../features/home/home-view.ts";
import type { SlackDeliveryDeps } from "./slack-delivery.ts";

/**
 * Re-publishes a manager's Home tab with the counts as they are now (not as they were when queued),
 * so one queued publication stands for any number of changes. Skipped when the account is gone or not
 * known in Slack: the tab is rendered afresh when they open it anyway.
 */
export async function deliverHomeTab(
  deps: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_PUBLISH_HOME"],
): Promise<void> {
  const { ctx } = deps;
  const teamId = await deps.teamId();
  const slackUserId = await findSlackUserIdOfAccount(ctx, deps.directory, teamId, payload.accountId);
  if (!slackUserId) {
    ctx.logger.info(
      { accountId: payload.accountId },
      "no Slack user for the account: Home tab not published",
    );
    return;
  }
  const structures = await loadManagerHome(ctx.prisma, { accountId: payload.accountId, teamId });
  const mine = await listMyRequests(ctx, payload.accountId);
  await deps.client.views.publish({
    user_id: slackUserId,
    view: managerHomeView(ctx.messages, structures, ctx.now(), mine),
  });
}
