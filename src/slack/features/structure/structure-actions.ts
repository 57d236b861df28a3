import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { prepareIdentifierChange } from "../../../services/structures/change-structure-identifier.ts";
import { loadStructureCard } from "../../../services/structures/load-structure-card.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { identifierChangeConfirmModal, structureNoticeModal } from "./siret-change-modals.ts";
import { structureCardModal } from "./structure-card.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A button of the structure card modal: the next view replaces the card in place (views.update), so
 * no stale card stays under it; a refusal replaces it with the reason.
 */
function replaceCardView(
  deps: ListenerDeps,
  nextView: (actor: Actor, value: string) => Promise<types.ModalView>,
) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const view = body.view;
    if (!view) return;
    let next: types.ModalView;
    try {
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      next = await nextView(actor, action.value ?? "");
    } catch (error) {
      next = structureNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
    }
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  };
}

/** "Modifier l'identifiant": checked on the server, then the confirmation step. */
export function openIdentifierChange(deps: ListenerDeps) {
  return replaceCardView(deps, async (actor, structureId) =>
    identifierChangeConfirmModal(
      deps.ctx.messages,
      await prepareIdentifierChange(deps.ctx, actor, { structureId }),
    ),
  );
}

/** "Voir la fiche" of the origin structure or of a duplicate. */
export function openLinkedStructureCard(deps: ListenerDeps) {
  return replaceCardView(deps, async (actor, identifier) =>
    structureCardModal(deps.ctx.messages, await loadStructureCard(deps.ctx, actor, { identifier })),
  );
}
