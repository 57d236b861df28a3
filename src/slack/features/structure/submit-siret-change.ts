import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError, isAppError } from "../../../errors.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import {
  changeStructureIdentifier,
  prepareIdentifierChange,
} from "../../../services/structures/change-structure-identifier.ts";
import { loadStructureCard } from "../../../services/structures/load-structure-card.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  decodeStructureMetadata,
  identifierChangeFieldBlocks,
  identifierChangeModal,
  readIdentifierChangeSubmission,
  structureNoticeModal,
} from "./siret-change-modals.ts";
import { structureCardModal } from "./structure-card.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Who submitted, and the structure the modal is about (from its private_metadata). */
async function readSubmitter(
  deps: ListenerDeps,
  body: ViewSubmitAction,
): Promise<{ actor: Actor; structureId: string }> {
  const structureId = decodeStructureMetadata(body.view.private_metadata);
  if (!structureId) throw new AppError("not_found", deps.ctx.messages.structureCard.structureGone);
  const actor = await resolveSlackActor(deps.ctx, deps.directory, whoSent(body));
  return { actor, structureId };
}

/** Bad input stays in the modal as field errors; any other refusal replaces the modal with its reason. */
function failureAnswer(ctx: ServiceContext, error: unknown, slackUserId: string) {
  if (isAppError(error) && error.details.length > 0)
    return modalErrorAnswer(ctx, error, slackUserId, identifierChangeFieldBlocks);
  return {
    response_action: "update" as const,
    view: structureNoticeModal(ctx.messages, explainToUser(ctx, error, slackUserId)),
  };
}

/** "Continuer" on the confirmation: checked again, then the new SIRET is asked in the same modal. */
export function submitIdentifierChangeConfirmation(deps: ListenerDeps) {
  return async ({ ack, body }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const { actor, structureId } = await readSubmitter(deps, body);
      const target = await prepareIdentifierChange(ctx, actor, { structureId });
      await ack({ response_action: "update", view: identifierChangeModal(ctx.messages, target) });
    } catch (error) {
      await ack(failureAnswer(ctx, error, body.user.id));
    }
  };
}

/**
 * "Continuer" with the new SIRET: the structure is duplicated before the ack (one transaction), so
 * that a bad SIRET comes back as a field error; on success the modal shows the new structure's card,
 * with its origin.
 */
export function submitIdentifierChange(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const { actor, structureId } = await readSubmitter(deps, body);
      const change = await changeStructureIdentifier(ctx, actor, {
        structureId,
        ...readIdentifierChangeSubmission(view.state.values),
      });
      const card = await loadStructureCard(ctx, actor, { identifier: change.structure.identifier });
      await ack({
        response_action: "update",
        view: structureCardModal(
          ctx.messages,
          card,
          ctx.messages.structureCard.changed(change.origin.identifier),
        ),
      });
    } catch (error) {
      await ack(failureAnswer(ctx, error, body.user.id));
    }
  };
}
