import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { listFluxRejectFiles } from "../../../services/flux-rejects/list-flux-reject-files.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { fluxRejectsModal } from "./flux-rejects-modal.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** "Accéder aux rejets" in a digest: opens the reject files of that structure (the button's value). */
export function openFluxRejects(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    try {
      const actor = await resolveSlackActor(deps.ctx, deps.directory, whoSent(body));
      const identifier = action.type === "button" ? action.value || null : null;
      const list = await listFluxRejectFiles(deps.ctx, actor, { identifier });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: fluxRejectsModal(deps.ctx.messages, list),
      });
    } catch (error) {
      await reportToUser(deps.ctx, client, { channelId: body.channel?.id, userId: body.user.id }, error);
    }
  };
}
