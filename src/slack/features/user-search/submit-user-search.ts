import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { detachUsers } from "../../../services/accounts/detach-users.ts";
import { searchUsers } from "../../../services/accounts/search-users.ts";
import { resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import { BlockIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { readBulkDetachStructure } from "./bulk-detach-modal.ts";
import {
  criteriaFieldBlocks,
  decodeChildMetadata,
  decodeSearchState,
  readSearchCriteria,
} from "./search-state.ts";
import { refreshUserSearch } from "./user-search-actions.ts";
import { userSearchModal } from "./user-search-modal.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * "Rechercher": the results replace the modal (`response_action: "update"`), criteria kept, first
 * page. No criterion, or one too long, comes back as a field error.
 */
export function submitUserSearch(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const { generation } = decodeSearchState(view.private_metadata);
    try {
      const { teamId } = whoSent(body);
      const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
      const criteria = readSearchCriteria(view.state.values);
      const result = await searchUsers(ctx, actor, { criteria, page: 0 });
      const state = { criteria, page: result.page, generation: generation + 1 };
      await ack({
        response_action: "update",
        view: userSearchModal(ctx.messages, { state, structures: result.structures, result }),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, criteriaFieldBlocks(generation)));
    }
  };
}

/**
 * The structure chosen for the selection's "Supprimer le rattachement": the attachments are deleted,
 * this modal closes and the search underneath shows what was done and what was not.
 */
export function submitBulkDetach(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    let done: Awaited<ReturnType<typeof detach>>;
    try {
      done = await detach(deps, body, view);
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, { structureId: BlockIds.bulkDetachStructure }));
      return;
    }
    await ack();
    const { actor, parent, structureId, result } = done;
    await refreshUserSearch(deps, client, actor, { viewId: parent.viewId }, parent.state, {
      kind: "detach",
      structureId,
      result,
    }).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "user search not refreshed after a detach"),
    );
  };
}

async function detach(deps: ListenerDeps, body: SubmitArgs["body"], view: SubmitArgs["view"]) {
  const { ctx } = deps;
  const metadata = decodeChildMetadata(view.private_metadata);
  const structureId = readBulkDetachStructure(view.state.values);
  if (!metadata) throw new AppError("invalid_input", ctx.messages.errors.invalidInput);
  if (!structureId) {
    const message = ctx.messages.errors.structureRequired;
    throw new AppError("invalid_input", message, [{ field: "structureId", message }]);
  }
  const { teamId } = whoSent(body);
  const actor = await resolveSlackActor(ctx, deps.directory, { teamId, slackUserId: body.user.id });
  const result = await detachUsers(ctx, actor, { structureId, userIds: metadata.userIds });
  return { actor, parent: metadata.parent, structureId, result };
}
