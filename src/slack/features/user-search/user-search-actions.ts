import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { detachUsers } from "../../../services/accounts/detach-users.ts";
import { listStructuresToAttach } from "../../../services/accounts/prepare-attach-user.ts";
import {
  findManagedUsers,
  loadManagedUser,
  loadUserDetail,
  loadUserSearchChoices,
  searchUsers,
} from "../../../services/accounts/search-users.ts";
import { sendActivationEmails } from "../../../services/accounts/send-activation-emails.ts";
import { exportSelectedUsers } from "../../../services/exports/export-selected-users.ts";
import { prepareDecision } from "../../../services/requests/prepare-decision.ts";
import { type Actor, resolveSlackActor } from "../../../services/slack-workspace/slack-identities.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { explainToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import { uploadExportToDm } from "../../upload-file.ts";
import {
  noticeModal,
  refuseRequestModal,
  validateAttachmentModal,
} from "../request-decision/request-modals.ts";
import { bulkDetachModal } from "./bulk-detach-modal.ts";
import { attachOtherStructureModal } from "./modify-attachment-modals.ts";
import { parseDetachValue, parseRowMenuValue } from "./result-rows.ts";
import {
  decodeSearchState,
  readSelectedUserIds,
  type SearchParent,
  type UserSearchState,
} from "./search-state.ts";
import { updateUserModal } from "./update-user-modal.ts";
import { userDetailModal } from "./user-detail-modal.ts";
import { type UserSearchOutcome, userSearchModal } from "./user-search-modal.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type Action = BlockAction["actions"][number];

/**
 * Rebuilds the search modal in place (views.update) from `state`: the search run again, so that the
 * results reflect what an action just changed, and its outcome on top. The generation moves on, which
 * empties the selection (see UserSearchState).
 */
export async function refreshUserSearch(
  deps: ListenerDeps,
  client: WebClient,
  actor: Actor,
  target: { viewId: string; hash?: string | undefined },
  state: UserSearchState,
  outcome: UserSearchOutcome | null = null,
): Promise<void> {
  const { ctx } = deps;
  const result = state.criteria
    ? await searchUsers(ctx, actor, { criteria: state.criteria, page: state.page })
    : null;
  const structures = result?.structures ?? (await loadUserSearchChoices(ctx, actor));
  const view = userSearchModal(ctx.messages, {
    state: { criteria: state.criteria, page: result?.page ?? 0, generation: state.generation + 1 },
    structures,
    result,
    outcome,
  });
  await client.views.update({ view_id: target.viewId, ...(target.hash ? { hash: target.hash } : {}), view });
}

/**
 * What an action in the search modal does, given the clicker's account and the modal's state:
 * the new state and outcome to show, or null when it opened a view of its own (views.push).
 */
type SearchWork = (input: {
  actor: Actor;
  state: UserSearchState;
  action: Action;
  body: BlockAction;
  client: WebClient;
}) => Promise<{ state: UserSearchState; outcome: UserSearchOutcome | null } | null>;

/**
 * The common frame of the search modal's actions: ack, identify the clicker, run the work, refresh
 * the modal. A refusal or a bad input shows in the modal as the outcome; an unknown clicker gets the
 * reason in place of the modal.
 */
function onSearchAction(deps: ListenerDeps, work: SearchWork) {
  return async ({ ack, body, action, client }: ActionArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    const view = body.view;
    if (!view) return;
    const target = { viewId: view.id, hash: view.hash };
    const state = decodeSearchState(view.private_metadata);
    let actor: Actor;
    try {
      actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
    } catch (error) {
      const text = explainToUser(ctx, error, body.user.id);
      await client.views.update({ view_id: view.id, view: noticeModal(ctx.messages, text) });
      return;
    }
    try {
      const next = await work({ actor, state, action, body, client });
      if (next) await refreshUserSearch(deps, client, actor, target, next.state, next.outcome);
    } catch (error) {
      const message = explainToUser(ctx, error, body.user.id);
      try {
        // The hash is stale if the work already updated the view: refresh without it.
        await refreshUserSearch(deps, client, actor, { viewId: view.id }, state, { kind: "error", message });
      } catch (refreshError) {
        ctx.logger.error({ err: refreshError }, "user search modal could not show an error");
      }
    }
  };
}

function buttonValue(action: Action): string | undefined {
  return action.type === "button" ? action.value : undefined;
}

/** "Réinitialiser": empty criteria, no results. */
export function resetUserSearch(deps: ListenerDeps) {
  return onSearchAction(deps, async ({ state }) => ({
    state: { criteria: null, page: 0, generation: state.generation },
    outcome: null,
  }));
}

/** "Précédent" / "Suivant". */
export function pageUserSearch(deps: ListenerDeps, step: -1 | 1) {
  return onSearchAction(deps, async ({ state }) => ({
    state: { ...state, page: Math.max(0, state.page + step) },
    outcome: null,
  }));
}

function parentOf(body: BlockAction, state: UserSearchState): SearchParent {
  return { viewId: body.view?.id ?? "", state };
}

/** A row's menu: "Voir le détail" and "Modifier l'utilisateur" push a modal; the activation e-mail goes at once. */
export function userRowMenu(deps: ListenerDeps) {
  return onSearchAction(deps, async ({ actor, state, action, body, client }) => {
    const { ctx } = deps;
    const chosen = parseRowMenuValue(action.type === "overflow" ? action.selected_option.value : undefined);
    if (!chosen) return null;
    if (chosen.action === "activation") {
      const result = await sendActivationEmails(ctx, actor, { userIds: [chosen.userId] });
      return { state, outcome: { kind: "activation", result } };
    }
    let view: types.ModalView;
    if (chosen.action === "detail") {
      view = userDetailModal(ctx.messages, await loadUserDetail(ctx, actor, chosen.userId));
    } else if (chosen.action === "attach_other") {
      const { user, structures } = await listStructuresToAttach(ctx, actor, chosen.userId);
      const userName = `${user.firstName} ${user.lastName}`;
      view = attachOtherStructureModal(ctx.messages, { userId: user.id, userName, structures });
    } else {
      const user = await loadManagedUser(ctx, actor, chosen.userId);
      view = updateUserModal(ctx.messages, user, parentOf(body, state));
    }
    await client.views.push({ trigger_id: body.trigger_id, view });
    return null;
  });
}

/** A row's "Supprimer le rattachement" (confirmed in Slack's dialog): the whole structure, never a service. */
export function detachFromRow(deps: ListenerDeps) {
  return onSearchAction(deps, async ({ actor, state, action }) => {
    const target = parseDetachValue(buttonValue(action));
    if (!target) return null;
    const result = await detachUsers(deps.ctx, actor, {
      structureId: target.structureId,
      userIds: [target.userId],
    });
    return { state, outcome: { kind: "detach", structureId: target.structureId, result } };
  });
}

/**
 * A row's pending attachment request: pushes the same "Valider" or "Refuser" modal as the request
 * message, whose submission listener decides it, closes the pushed view and refreshes the search.
 */
export function openRequestFromSearch(deps: ListenerDeps, decision: "validate" | "refuse") {
  return onSearchAction(deps, async ({ actor, state, action, body, client }) => {
    const { ctx } = deps;
    const prepared = await prepareDecision(ctx, actor, {
      type: "attachment",
      requestId: buttonValue(action) ?? "",
    });
    if (prepared.type !== "attachment") return null;
    const parent = parentOf(body, state);
    const view =
      decision === "validate"
        ? validateAttachmentModal(ctx.messages, prepared, parent)
        : refuseRequestModal(ctx.messages, prepared.request, parent);
    await client.views.push({ trigger_id: body.trigger_id, view });
    return null;
  });
}

/**
 * The selection's "Supprimer le rattachement": from the structure filter when one is chosen, otherwise
 * from a structure asked in a pushed modal (the manager's structures the selected users share).
 */
async function detachSelection(
  deps: ListenerDeps,
  input: { actor: Actor; state: UserSearchState; userIds: string[]; body: BlockAction; client: WebClient },
) {
  const { ctx } = deps;
  const { actor, state, userIds } = input;
  const structureId = state.criteria?.structureId;
  if (structureId) {
    const result = await detachUsers(ctx, actor, { structureId, userIds });
    return { state, outcome: { kind: "detach", structureId, result } as const };
  }
  const users = await findManagedUsers(ctx, actor, userIds);
  const structures = new Map(
    users.flatMap((user) =>
      user.attachments.map((attachment) => [attachment.structure.id, attachment.structure]),
    ),
  );
  if (structures.size === 0) {
    return { state, outcome: { kind: "error", message: ctx.messages.userSearch.noSharedStructure } as const };
  }
  await input.client.views.push({
    trigger_id: input.body.trigger_id,
    view: bulkDetachModal(ctx.messages, {
      userIds: users.map((user) => user.id),
      structures: [...structures.values()].sort((left, right) =>
        left.designation.localeCompare(right.designation),
      ),
      parent: parentOf(input.body, state),
    }),
  });
  return null;
}

/** The selection's buttons: resend the activation e-mail, delete the attachments, export as CSV by DM. */
export function bulkUserAction(deps: ListenerDeps, kind: "activation" | "detach" | "export") {
  return onSearchAction(deps, async ({ actor, state, body, client }) => {
    const { ctx } = deps;
    const userIds = readSelectedUserIds(body.view?.state.values ?? {});
    if (userIds.length === 0) {
      return { state, outcome: { kind: "error", message: ctx.messages.userSearch.selectionEmpty } };
    }
    if (kind === "activation") {
      const result = await sendActivationEmails(ctx, actor, { userIds });
      return { state, outcome: { kind: "activation", result } };
    }
    if (kind === "detach") return detachSelection(deps, { actor, state, userIds, body, client });
    const exported = await exportSelectedUsers(ctx, actor, { accountIds: userIds });
    await uploadExportToDm(client, body.user.id, exported);
    return { state, outcome: { kind: "export", filename: exported.filename } };
  });
}
