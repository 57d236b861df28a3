import type { types } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import {
  addService,
  deactivateService,
  editService,
  listStructureServices,
  loadServiceForm,
  needsConfirmation,
  prepareServiceDeactivation,
  reactivateService,
} from "../../../services/structures/manage-services.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  readServiceForm,
  readServiceMenuChoice,
  serviceDeactivationModal,
  serviceFieldBlocks,
  serviceFormModal,
  servicesModal,
  servicesPlaceCodec,
  serviceTargetCodec,
} from "./services-modal.ts";
import { replaceCardView, type SubmitArgs } from "./structure-actions.ts";

/** « Gérer les services » at a page, with what just happened. */
async function servicesView(
  ctx: ServiceContext,
  actor: Actor,
  place: { structureId: string; page: number },
  notice?: string,
): Promise<types.ModalView> {
  return servicesModal(ctx.messages, await listStructureServices(ctx, actor, place), notice);
}

function placeOf(ctx: ServiceContext, metadata: string) {
  const place = servicesPlaceCodec.decode(metadata);
  if (!place) throw new AppError("not_found", ctx.messages.attachUser.structureNotFound);
  return place;
}

/** The card's « Gérer les services » (principal manager, checked on the server): the first page. */
export function openServices(deps: ListenerDeps) {
  return replaceCardView(deps, (actor, structureId) =>
    servicesView(deps.ctx, actor, { structureId, page: 0 }),
  );
}

/** « Précédents » / « Suivants ». */
export function turnServicesPage(deps: ListenerDeps) {
  return replaceCardView(deps, (actor, value, metadata) => {
    const place = placeOf(deps.ctx, metadata);
    return servicesView(deps.ctx, actor, { ...place, page: place.page + (value === "next" ? 1 : -1) });
  });
}

/** « Ajouter un service »: the empty form, its spaces those of the structure. */
export function openServiceAdd(deps: ListenerDeps) {
  return replaceCardView(deps, async (actor, structureId, metadata) => {
    const { page } = placeOf(deps.ctx, metadata);
    const form = await loadServiceForm(deps.ctx, actor, { structureId, serviceId: null });
    return serviceFormModal(deps.ctx.messages, { structureId, page, structureSpaces: form.structureSpaces });
  });
}

/**
 * A service's menu: « Modifier » opens its form; « Désactiver » asks for confirmation when users or
 * requests depend on it, and otherwise deactivates at once; « Réactiver » reactivates.
 */
export function chooseServiceAction(deps: ListenerDeps) {
  const { ctx } = deps;
  const labels = ctx.messages.serviceAdmin;
  return replaceCardView(deps, async (actor, value, metadata) => {
    const place = placeOf(ctx, metadata);
    const choice = readServiceMenuChoice(value);
    if (!choice) throw new AppError("not_found", labels.serviceNotFound);
    const { serviceId } = choice;
    if (choice.kind === "edit") {
      const form = await loadServiceForm(ctx, actor, { structureId: place.structureId, serviceId });
      return serviceFormModal(
        ctx.messages,
        { ...place, structureSpaces: form.structureSpaces },
        form.service,
      );
    }
    if (choice.kind === "reactivate") {
      const { label } = await reactivateService(ctx, actor, serviceId);
      return servicesView(ctx, actor, place, labels.reactivated(label));
    }
    const impact = await prepareServiceDeactivation(ctx, actor, serviceId);
    if (needsConfirmation(impact)) return serviceDeactivationModal(ctx.messages, impact, place.page);
    await deactivateService(ctx, actor, { serviceId, confirmed: false });
    return servicesView(ctx, actor, place, labels.deactivated(impact.service.label));
  });
}

/**
 * A submission of the service form or of the deactivation's confirmation: done before the ack, so
 * bad input comes back as field errors; the list of services then replaces it, saying what was done.
 */
function submitServiceView(
  deps: ListenerDeps,
  act: (
    actor: Actor,
    target: { structureId: string; serviceId: string | null },
    view: SubmitArgs["view"],
  ) => Promise<string>,
) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const target = serviceTargetCodec.decode(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.serviceAdmin.serviceNotFound);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const notice = await act(actor, target, view);
      await ack({ response_action: "update", view: await servicesView(ctx, actor, target, notice) });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, serviceFieldBlocks));
    }
  };
}

/** "Ajouter un service" or "Modifier le service", submitted. */
export function submitServiceForm(deps: ListenerDeps) {
  const { ctx } = deps;
  const labels = ctx.messages.serviceAdmin;
  return submitServiceView(deps, async (actor, target, view) => {
    const fields = readServiceForm(view.state.values);
    if (target.serviceId === null) {
      const added = await addService(ctx, actor, { structureId: target.structureId, ...fields });
      return labels.added(added.label);
    }
    const { changed } = await editService(ctx, actor, {
      serviceId: target.serviceId,
      label: fields.label,
      spaces: fields.spaces,
    });
    return changed ? labels.saved(fields.label.trim()) : labels.unchanged;
  });
}

/** The deactivation, confirmed. */
export function submitServiceDeactivation(deps: ListenerDeps) {
  const { ctx } = deps;
  return submitServiceView(deps, async (actor, target) => {
    const { impact } = await deactivateService(ctx, actor, {
      serviceId: target.serviceId ?? "",
      confirmed: true,
    });
    return ctx.messages.serviceAdmin.deactivated(impact.service.label);
  });
}
