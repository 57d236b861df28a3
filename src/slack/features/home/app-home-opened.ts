import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { loadManagerHome } from "../../../services/requests/load-manager-home.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { managerHomeView, noticeHomeView } from "./home-view.ts";

type HomeOpenedArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/**
 * The Home tab, rendered each time it is opened (Bolt acks events itself): the manager's structures
 * and what waits there, or why there is nothing to show (no account, no e-mail on the profile…).
 */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, body, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const { ctx } = deps;
    let view: ReturnType<typeof managerHomeView>;
    try {
      const who = { teamId: body.team_id, slackUserId: event.user };
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      view = managerHomeView(ctx.messages, await loadManagerHome(ctx.prisma, actor), ctx.now());
    } catch (error) {
      view = noticeHomeView(ctx.messages, explainToUser(ctx, error, event.user), ctx.now());
    }
    await client.views.publish({ user_id: event.user, view });
  };
}
