import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { attachExistingUser } from "../../../services/accounts/attach-existing-user.ts";
import { createAccountAndAttach } from "../../../services/accounts/create-account-and-attach.ts";
import { structureName } from "../../../services/accounts/manager-attachment.ts";
import { searchAttachableAccounts } from "../../../services/accounts/search-attachable-accounts.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  attachFieldBlocks,
  attachNoticeModal,
  attachUserSearchModal,
  decodeFormMetadata,
  decodeSearchMetadata,
  readGrantSubmission,
  readNewPerson,
  readSearchCriteria,
} from "./attach-user-modals.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function unknownForm(deps: ListenerDeps): AppError {
  return new AppError("not_found", deps.ctx.messages.attachUser.structureNotFound);
}

/** "Rechercher": the modal is replaced in place by the same criteria and the accounts found. */
export function submitAttachUserSearch(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      const search = decodeSearchMetadata(view.private_metadata);
      if (!search) throw unknownForm(deps);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const criteria = readSearchCriteria(view.state.values);
      const { structure, accounts, more } = await searchAttachableAccounts(ctx, actor, {
        structureId: search.structureId,
        criteria,
      });
      const updated = attachUserSearchModal(ctx.messages, {
        structure,
        criteria,
        result: { accounts, more },
      });
      await ack({ response_action: "update", view: updated });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, attachFieldBlocks));
    }
  };
}

/**
 * The attach form of a found account, or the account creation form: the use case runs before the ack
 * (one short transaction) so that bad input comes back as field errors; success replaces the form
 * with what was done.
 */
export function submitAttachForm(deps: ListenerDeps, form: "existing" | "create") {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.attachUser;
    try {
      const target = decodeFormMetadata(view.private_metadata);
      if (!target) throw unknownForm(deps);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const grant = readGrantSubmission(view.state.values);
      let sentence: string;
      if (form === "existing") {
        const { structure, account } = await attachExistingUser(ctx, actor, {
          structureId: target.structureId,
          userId: target.userId ?? "",
          ...grant,
        });
        sentence = labels.attached(`${account.firstName} ${account.lastName}`, structureName(structure));
      } else {
        const created = await createAccountAndAttach(ctx, actor, {
          structureId: target.structureId,
          ...readNewPerson(view.state.values),
          ...grant,
        });
        const { account, structure } = created;
        const name = `${account.firstName} ${account.lastName}`;
        sentence = labels.created(name, structureName(structure), created.activationSentTo);
      }
      await ack({ response_action: "update", view: attachNoticeModal(ctx.messages, sentence) });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, attachFieldBlocks));
    }
  };
}
