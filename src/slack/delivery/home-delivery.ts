import type { OutboxPayloads } from "../../notify/outbox.ts";
import { loadManagerHome } from "../../services/requests/load-manager-home.ts";
import { findSlackUserId } from "../../services/slack-workspace/slack-identities.ts";
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
  const account = await ctx.prisma.userAccount.findUnique({
    where: { id: payload.accountId },
    select: { id: true, loginEmail: true },
  });
  const teamId = await deps.teamId();
  const slackUserId = account ? await findSlackUserId(ctx, deps.directory, teamId, account) : null;
  if (!account || !slackUserId) {
    ctx.logger.info(
      { accountId: payload.accountId },
      "no Slack user for the account: Home tab not published",
    );
    return;
  }
  const structures = await loadManagerHome(ctx.prisma, { accountId: account.id, teamId });
  await deps.client.views.publish({
    user_id: slackUserId,
    view: managerHomeView(ctx.messages, structures, ctx.now()),
  });
}
