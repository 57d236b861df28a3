import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  types,
  ViewSubmitAction,
} from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { prepareIdentifierChange } from "../../../services/structures/change-structure-identifier.ts";
import { editStructure, prepareStructureEdit } from "../../../services/structures/edit-structure.ts";
import { loadStructureCard } from "../../../services/structures/load-structure-card.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { identifierChangeConfirmModal, structureNoticeModal } from "./siret-change-modals.ts";
import { structureCardModal } from "./structure-card.ts";
import {
  readStructureEdit,
  structureEditCodec,
  structureEditFieldBlocks,
  structureEditModal,
} from "./structure-edit-modal.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

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

/** "Modifier la structure" on the card: checked on the server (principal manager), then the form. */
export function openStructureEdit(deps: ListenerDeps) {
  return replaceCardView(deps, async (actor, structureId) =>
    structureEditModal(deps.ctx.messages, await prepareStructureEdit(deps.ctx, actor, structureId)),
  );
}

/**
 * Its submission: the change made before the ack, so bad input comes back as field errors; the card
 * then replaces the form, saying what was done.
 */
export function submitStructureEdit(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.structureEdit;
    try {
      const target = structureEditCodec.decode(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.attachUser.structureNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const { changed } = await editStructure(ctx, actor, {
        structureId: target.structureId,
        ...readStructureEdit(view.state.values),
      });
      const card = await loadStructureCard(ctx, actor, { identifier: target.identifier });
      const notice = changed.length > 0 ? labels.saved : labels.unchanged;
      await ack({ response_action: "update", view: structureCardModal(ctx.messages, card, notice) });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, structureEditFieldBlocks));
    }
  };
}
