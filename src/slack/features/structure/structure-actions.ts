import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockOverflowAction,
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
import { cardUsersPageCodec, structureCardModal } from "./structure-card.ts";
import {
  readStructureEdit,
  structureEditCodec,
  structureEditFieldBlocks,
  structureEditModal,
} from "./structure-edit-modal.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction | BlockOverflowAction> & AllMiddlewareArgs;
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A button (or an overflow menu's option) of a structure modal: the next view replaces it in place
 * (views.update), so no stale view stays under it; a refusal replaces it with the reason. `nextView`
 * gets the value clicked and the modal's own metadata.
 */
export function replaceCardView(
  deps: ListenerDeps,
  nextView: (actor: Actor, value: string, metadata: string) => Promise<types.ModalView>,
) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const view = body.view;
    if (!view) return;
    const value = action.type === "overflow" ? action.selected_option.value : (action.value ?? "");
    let next: types.ModalView;
    try {
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      next = await nextView(actor, value, view.private_metadata);
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

/** The card's « Utilisateurs précédents / suivants ». */
export function turnCardUsersPage(deps: ListenerDeps) {
  return replaceCardView(deps, async (actor, value, metadata) => {
    const shown = cardUsersPageCodec.decode(metadata);
    if (!shown) throw new AppError("not_found", deps.ctx.messages.attachUser.structureNotFound);
    const usersPage = shown.usersPage + (value === "next" ? 1 : -1);
    const card = await loadStructureCard(deps.ctx, actor, { identifier: shown.identifier, usersPage });
    return structureCardModal(deps.ctx.messages, card);
  });
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
