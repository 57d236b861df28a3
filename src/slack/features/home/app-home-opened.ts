import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, types } from "@slack/bolt";
import { parisDay } from "../../../domain/dates.ts";
import { findOwnAbsence } from "../../../services/absences/manager-absences.ts";
import { listMyRequests } from "../../../services/requests/list-my-requests.ts";
import { loadManagerHome } from "../../../services/requests/load-manager-home.ts";
import {
  resolveSlackActor,
  resolveSlackRequester,
} from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { managerHomeView, noticeHomeView } from "./home-view.ts";

type HomeOpenedArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/**
 * The Home tab as it is now for a Slack user: a manager's structures and what waits there, their
 * absence if they declared one, and their own requests (« Mes demandes »); for someone with no account yet, why, and « Demander un
 * rattachement »; a notice for what stops the app (no e-mail on the profile…).
 */
export async function renderHome(
  deps: ListenerDeps,
  who: { teamId: string; slackUserId: string },
): Promise<types.HomeView> {
  const { ctx } = deps;
  try {
    const requester = await resolveSlackRequester(ctx, deps.directory, who);
    if (!requester.account) {
      return noticeHomeView(
        ctx.messages,
        ctx.messages.errors.noAccountForSlackUser(requester.email),
        ctx.now(),
      );
    }
    const mine = await listMyRequests(ctx, requester.account.id);
    const structures =
      requester.account.status === "ACTIVE"
        ? await loadManagerHome(ctx.prisma, await resolveSlackActor(ctx, deps.directory, who))
        : [];
    const absence =
      structures.length > 0
        ? await findOwnAbsence(ctx.prisma, requester.account.id, parisDay(ctx.now()))
        : null;
    return managerHomeView(ctx.messages, structures, ctx.now(), mine, absence);
  } catch (error) {
    return noticeHomeView(ctx.messages, explainToUser(ctx, error, who.slackUserId), ctx.now());
  }
}

/** The Home tab, rendered each time it is opened (Bolt acks events itself). */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, body, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const view = await renderHome(deps, { teamId: body.team_id, slackUserId: event.user });
    await client.views.publish({ user_id: event.user, view });
  };
}
