import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { formatDate } from "../../../i18n/index.ts";
import { deactivateAccount } from "../../../services/accounts/deactivate-account.ts";
import { transferPrincipal } from "../../../services/accounts/transfer-principal.ts";
import type { ServiceContext } from "../../../services/context.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { answerWithOutcome } from "../../listeners/user-errors.ts";
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
    await answerWithOutcome(ctx, { ack, client, viewId: view.id, slackUserId: body.user.id }, done, {
      outcomeView: (text) => handoverOutcomeModal(ctx.messages, title, text),
      inProgress: labels.inProgress,
      fieldBlocks: metadata ? handoverFieldBlocks(metadata) : null,
    });
  };
}
