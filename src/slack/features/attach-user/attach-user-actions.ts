import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockSuggestion,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  types,
} from "@slack/bolt";
import { parisDay } from "../../../domain/dates.ts";
import { AppError } from "../../../errors.ts";
import {
  openAttachUser,
  prepareAttachExistingUser,
  prepareCreateAccount,
  searchAttachableServices,
} from "../../../services/accounts/prepare-attach-user.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { serviceOption } from "../request-decision/request-modals.ts";
import {
  attachExistingUserModal,
  attachNoticeModal,
  attachUserSearchModal,
  createAccountModal,
  decodeFormMetadata,
  decodeSearchMetadata,
  EMPTY_CRITERIA,
} from "./attach-user-modals.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/**
 * "Rattacher un utilisateur" on a structure of the Home tab or on its card: opens the search (value =
 * structure id), on top of the card when the click came from it.
 */
export function openAttachUserSearch(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    // A click on the card (a modal) stacks the search on it; one on the Home tab opens it.
    const show = (view: types.ModalView) =>
      body.view?.type === "modal"
        ? client.views.push({ trigger_id: body.trigger_id, view })
        : client.views.open({ trigger_id: body.trigger_id, view });
    try {
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const structure = await openAttachUser(ctx, actor, { id: action.value ?? "" });
      await show(attachUserSearchModal(ctx.messages, { structure, criteria: EMPTY_CRITERIA, result: null }));
    } catch (error) {
      await show(attachNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id)));
    }
  };
}

/**
 * "Rattacher" on an account found, or "Créer le compte utilisateur" when none was: pushes the form
 * over the search, or, when the manager may not go on (account deactivated, already attached to the
 * whole structure, no longer manager), the reason.
 */
export function openAttachForm(deps: ListenerDeps, form: "existing" | "create") {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    try {
      const search = decodeSearchMetadata(body.view?.private_metadata);
      if (!search) throw new AppError("not_found", ctx.messages.attachUser.structureNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const today = parisDay(ctx.now());
      const view =
        form === "existing"
          ? attachExistingUserModal(ctx.messages, {
              ...(await prepareAttachExistingUser(ctx, actor, {
                structureId: search.structureId,
                userId: action.value ?? "",
              })),
              today,
            })
          : createAccountModal(ctx.messages, {
              ...(await prepareCreateAccount(ctx, actor, { structureId: search.structureId })),
              today,
              prefill: search.criteria,
            });
      await client.views.push({ trigger_id: body.trigger_id, view });
    } catch (error) {
      const view = attachNoticeModal(ctx.messages, explainToUser(ctx, error, body.user.id));
      await client.views.push({ trigger_id: body.trigger_id, view });
    }
  };
}

/** Options of the attach forms' searchable services selector (structures with over 100 services). */
export function attachServicesOptions(deps: ListenerDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const suggestion = body as BlockSuggestion;
    try {
      const form = decodeFormMetadata(suggestion.view?.private_metadata);
      if (!form) throw new AppError("not_found", deps.ctx.messages.attachUser.structureNotFound);
      const who = whoSent(suggestion);
      const actor = await resolveSlackActor(deps.ctx, deps.directory, who);
      const services = await searchAttachableServices(deps.ctx, actor, { ...form, query: suggestion.value });
      await ack({ options: services.map(serviceOption) });
    } catch (error) {
      explainToUser(deps.ctx, error, suggestion.user.id);
      await ack({ options: [] });
    }
  };
}
