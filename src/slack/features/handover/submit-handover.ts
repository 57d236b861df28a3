import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError, isAppError } from "../../../errors.ts";
import { formatDate } from "../../../i18n/index.ts";
import { deactivateAccount } from "../../../services/accounts/deactivate-account.ts";
import { transferPrincipal } from "../../../services/accounts/transfer-principal.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { settledWithin } from "../../listeners/ack-deadline.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser, modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  decodeHandoverMetadata,
  type HandoverModalMetadata,
  handoverFieldBlocks,
  handoverOutcomeModal,
  readSuccessorDesignations,
  readSuccessorForAll,
} from "./handover-modals.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type HandoverKind = "transfer" | "deactivate";

/** Runs the modal's handover; returns what to tell the manager. */
async function handOver(
  ctx: ServiceContext,
  actor: Actor,
  kind: HandoverKind,
  metadata: HandoverModalMetadata,
  values: SubmitArgs["view"]["state"]["values"],
): Promise<string> {
  const { messages } = ctx;
  const successors = readSuccessorDesignations(metadata, values);
  if (kind === "deactivate") {
    const done = await deactivateAccount(ctx, actor, {
      successors,
      successorForAll: readSuccessorForAll(values),
    });
    return messages.handover.deactivated(formatDate(messages, done.reactivableUntil));
  }
  const [successor] = successors;
  if (!successor || successors.length > 1) throw new AppError("invalid_input", messages.errors.invalidInput);
  const done = await transferPrincipal(ctx, actor, successor);
  const structure = `${done.structure.designation} (${done.structure.identifier})`;
  return messages.handover.transferred(done.successorName, structure);
}

/**
 * Submission of a handover modal, "Transfert du rôle" or "Désactiver mon compte". The handover runs
 * before the ack (one transaction), so a bad designation comes back as a field error under its
 * structure, and a handover lost to a concurrent one turns the modal into the reason. One still
 * running at the ack deadline (dozens of structures handed over at once) is acknowledged as in
 * progress, and the modal shows its outcome when it ends.
 */
export function submitHandover(deps: ListenerDeps, kind: HandoverKind) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.handover;
    const title = kind === "transfer" ? labels.transferTitle : labels.deactivateTitle;
    const metadata = decodeHandoverMetadata(view.private_metadata);
    const done = (async () => {
      if (!metadata) throw new AppError("invalid_input", ctx.messages.errors.invalidInput);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      return handOver(ctx, actor, kind, metadata, view.state.values);
    })();
    const outcomeView = (text: string) => handoverOutcomeModal(ctx.messages, title, text);
    const settled = await settledWithin(done);
    if (settled?.status === "fulfilled") {
      await ack({ response_action: "update", view: outcomeView(settled.value) });
      return;
    }
    if (settled?.status === "rejected") {
      const error = settled.reason;
      if (metadata && isAppError(error) && error.details.length > 0) {
        await ack(modalErrorAnswer(ctx, error, body.user.id, handoverFieldBlocks(metadata)));
        return;
      }
      await ack({ response_action: "update", view: outcomeView(explainToUser(ctx, error, body.user.id)) });
      return;
    }
    await ack({ response_action: "update", view: outcomeView(labels.inProgress) });
    const text = await done.catch((error: unknown) => explainToUser(ctx, error, body.user.id));
    await client.views.update({ view_id: view.id, view: outcomeView(text) });
  };
}
