import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { RequestDetails } from "../../../domain/requests.ts";
import { AppError } from "../../../errors.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { refuseRequest } from "../../../services/requests/refuse-request.ts";
import { validateAttachmentRequest } from "../../../services/requests/validate-attachment-request.ts";
import { validateSubscriptionRequest } from "../../../services/requests/validate-subscription-request.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { settledWithin } from "../../listeners/ack-deadline.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { refreshUserSearch } from "../user-search/user-search-actions.ts";
import {
  decodeModalMetadata,
  modalFieldBlocks,
  noticeModal,
  type RequestModalMetadata,
  readRefuseSubmission,
  readSubscriptionSubmission,
  readValidateSubmission,
} from "./request-modals.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = ViewSubmitAction["view"]["state"]["values"];

function decide(
  ctx: ServiceContext,
  actor: Actor,
  target: RequestModalMetadata,
  decision: "validate" | "refuse",
  values: Values,
) {
  if (decision === "refuse") return refuseRequest(ctx, actor, { ...target, ...readRefuseSubmission(values) });
  if (target.type === "attachment") {
    return validateAttachmentRequest(ctx, actor, {
      requestId: target.requestId,
      ...readValidateSubmission(values),
    });
  }
  return validateSubscriptionRequest(ctx, actor, {
    requestId: target.requestId,
    ...readSubscriptionSubmission(values),
  });
}

/** A decision made from the user search: its modal, underneath, then shows the request decided. */
async function refreshSearchParent(
  deps: ListenerDeps,
  client: WebClient,
  done: { actor: Actor; request: RequestDetails; target: RequestModalMetadata },
): Promise<void> {
  const { parent } = done.target;
  if (!parent) return;
  await refreshUserSearch(deps, client, done.actor, { viewId: parent.viewId }, parent.state, {
    kind: "decided",
    request: done.request,
  }).catch((error: unknown) =>
    deps.ctx.logger.error({ err: error }, "user search not refreshed after a decision"),
  );
}

/**
 * Submission of a "Valider" or "Refuser" modal. The decision is made before the ack (one short
 * transaction) so that bad input comes back as field errors in the modal, and a request decided
 * meanwhile (double submission, another manager) replaces the modal with "déjà traitée". A decision
 * still waiting for a busy database at the ack deadline is acknowledged as pending, and the modal
 * shows its outcome when it ends.
 */
export function submitRequestDecision(deps: ListenerDeps, decision: "validate" | "refuse") {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const decided = (async () => {
      const target = decodeModalMetadata(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.errors.requestMissing);
      const who = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, who);
      const request = await decide(ctx, actor, target, decision, view.state.values);
      return { actor, request, target };
    })();
    const outcome = await settledWithin(decided);
    if (outcome?.status === "fulfilled") {
      await ack();
      return refreshSearchParent(deps, client, outcome.value);
    }
    if (outcome?.status === "rejected")
      return ack(modalErrorAnswer(ctx, outcome.reason, body.user.id, modalFieldBlocks));
    const { inProgress, recorded } = ctx.messages.decisionOutcomeModal;
    // Titled with the request's kind: "Demande d'abonnement" where it is one.
    const kind = decodeModalMetadata(view.private_metadata)?.type;
    const title = kind ? ctx.messages.requestKinds[kind] : undefined;
    await ack({ response_action: "update", view: noticeModal(ctx.messages, inProgress, title) });
    const text = await decided.then(
      async (done) => {
        await refreshSearchParent(deps, client, done);
        return recorded;
      },
      (error: unknown) => explainToUser(ctx, error, body.user.id),
    );
    await client.views.update({ view_id: view.id, view: noticeModal(ctx.messages, text, title) });
  };
}
