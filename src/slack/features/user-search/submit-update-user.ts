import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { updateUser } from "../../../services/accounts/update-user.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { decodeChildMetadata } from "./search-state.ts";
import { readUpdateUser, updateUserFieldBlocks } from "./update-user-modal.ts";
import { refreshUserSearch } from "./user-search-actions.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * "Modifier l'utilisateur" saved: bad fields come back as field errors; otherwise this modal closes
 * and the search underneath shows the refreshed row and what was done.
 */
export function submitUpdateUser(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let done: Awaited<ReturnType<typeof update>>;
    try {
      done = await update(deps, body, view);
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, updateUserFieldBlocks));
      return;
    }
    await ack();
    const { actor, parent, updated } = done;
    await refreshUserSearch(deps, client, actor, { viewId: parent.viewId }, parent.state, {
      kind: "updated",
      ...updated,
    }).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "user search not refreshed after an update"),
    );
  };
}

async function update(deps: ListenerDeps, body: SubmitArgs["body"], view: SubmitArgs["view"]) {
  const { ctx } = deps;
  const metadata = decodeChildMetadata(view.private_metadata);
  const [userId] = metadata?.userIds ?? [];
  if (!metadata || !userId) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
  const { teamId } = whoSent(body);
  const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
  const updated = await updateUser(ctx, actor, { userId, ...readUpdateUser(view.state.values) });
  return { actor, parent: metadata.parent, updated };
}
