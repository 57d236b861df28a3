import type { types } from "@slack/bolt";
import type { RequestDetails } from "../../../domain/requests.ts";
import type { Messages } from "../../../i18n/index.ts";
import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import type { DetachUsersResult } from "../../../services/accounts/detach-users.ts";
import { USER_SEARCH_PAGE_SIZE, type UserSearchResult } from "../../../services/accounts/search-users.ts";
import type { SendActivationEmailsResult } from "../../../services/accounts/send-activation-emails.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import { checkboxGroups, dangerConfirmation, pageButtons } from "../../blocks/kit.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";
import { criteriaBlocks } from "./criteria-blocks.ts";
import { structureName, userRowBlocks } from "./result-rows.ts";
import { encodeSearchState, type UserSearchState } from "./search-state.ts";

/** What an action on the results did, shown above the refreshed results. */
export type UserSearchOutcome =
  | { kind: "activation"; result: SendActivationEmailsResult }
  | { kind: "detach"; structureId: string; result: DetachUsersResult }
  | { kind: "export"; filename: string }
  | { kind: "updated"; account: AccountSummary; changed: boolean }
  | { kind: "decided"; request: RequestDetails }
  | { kind: "error"; message: string };

export interface UserSearchModalInput {
  state: UserSearchState;
  structures: ManagedStructure[];
  /** Null before the first search (or after "Réinitialiser"). */
  result: UserSearchResult | null;
  outcome?: UserSearchOutcome | null;
}

function namesOf(accounts: AccountSummary[]): string {
  return accounts
    .map((account) => `${account.firstName} ${account.lastName} (${account.loginEmail})`)
    .join(", ");
}

/** The outcome of the last action, in full sentences: what was done, what was not and why. */
export function outcomeText(
  messages: Messages,
  outcome: UserSearchOutcome,
  structures: ManagedStructure[],
): string {
  const labels = messages.userSearch;
  switch (outcome.kind) {
    case "activation": {
      const lines = [];
      if (outcome.result.sent.length > 0) lines.push(labels.activationSent(namesOf(outcome.result.sent)));
      for (const { account, reason } of outcome.result.skipped) {
        lines.push(labels.skipped(namesOf([account]), labels.activationSkipReasons[reason]));
      }
      return lines.join("\n");
    }
    case "detach": {
      const lines = [];
      const found = structures.find((structure) => structure.id === outcome.structureId);
      const structure = found ? structureName(found) : labels.theStructure;
      if (outcome.result.detached.length > 0)
        lines.push(labels.detached(structure, namesOf(outcome.result.detached)));
      for (const { account, reason } of outcome.result.skipped) {
        lines.push(labels.skipped(namesOf([account]), labels.detachSkipReasons[reason]));
      }
      return lines.join("\n");
    }
    case "export":
      return messages.exports.sent(outcome.filename);
    case "updated":
      return outcome.changed
        ? labels.updated(namesOf([outcome.account]))
        : labels.unchanged(namesOf([outcome.account]));
    case "decided": {
      const { requester, structure, status } = outcome.request;
      const name = `${requester.firstName} ${requester.lastName} (${requester.loginEmail})`;
      return labels.decided(name, structureName(structure), status === "VALIDATED");
    }
    case "error":
      return outcome.message;
  }
}

function resultBlocks(messages: Messages, result: UserSearchResult, generation: number): types.KnownBlock[] {
  const labels = messages.userSearch;
  const pages = Math.max(1, Math.ceil(result.total / USER_SEARCH_PAGE_SIZE));
  const blocks: types.KnownBlock[] = [
    { type: "divider" },
    {
      type: "context",
      elements: [
        mrkdwn(result.total === 0 ? labels.empty : labels.count(result.total, result.page + 1, pages)),
      ],
    },
    ...result.users.flatMap((user) => userRowBlocks(messages, user)),
  ];
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.userSearchPages,
      actionIds: { previous: ActionIds.userSearchPreviousPage, next: ActionIds.userSearchNextPage },
      labels: messages.pendingList,
      page: result.page,
      pages,
    }),
  );
  if (result.users.length === 0) return blocks;
  blocks.push(
    ...checkboxGroups({
      blockIdPrefix: `${BlockIds.userSearchSelectionPrefix}${generation}_`,
      actionId: ActionIds.userSearchSelection,
      label: labels.selection,
      hint: labels.selectionHint,
      options: result.users.map((user) => ({
        text: plainText(`${user.lastName} ${user.firstName}`),
        description: plainText(user.loginEmail),
        value: user.id,
      })),
    }),
  );
  blocks.push({
    type: "actions",
    block_id: BlockIds.userSearchBulk,
    elements: [
      {
        type: "button",
        action_id: ActionIds.userSearchBulkActivation,
        text: plainText(labels.bulkActivation),
        value: "activation",
      },
      {
        type: "button",
        action_id: ActionIds.userSearchBulkDetach,
        text: plainText(labels.bulkDetach),
        value: "detach",
        style: "danger",
        confirm: dangerConfirmation({
          title: labels.detachConfirmTitle,
          text: labels.bulkDetachConfirmText,
          confirm: labels.continue,
          deny: labels.cancel,
        }),
      },
      {
        type: "button",
        action_id: ActionIds.userSearchBulkExport,
        text: plainText(labels.bulkExport),
        value: "export",
      },
    ],
  });
  return blocks;
}

/**
 * `/chorus utilisateurs`: the guide's search criteria, "Rechercher" (the modal's submit) and
 * "Réinitialiser", then one page of results: each user with their structures, a menu (détail,
 * modifier, courriel d'activation) and buttons (demande en attente, supprimer le rattachement, mot de
 * passe technique), a selection for the bulk actions, and the outcome of the last action on top.
 */
export function userSearchModal(messages: Messages, input: UserSearchModalInput): types.ModalView {
  const labels = messages.userSearch;
  const blocks = criteriaBlocks(messages, input);
  if (input.outcome) {
    blocks.push({
      type: "section",
      text: mrkdwn(escapeMrkdwn(outcomeText(messages, input.outcome, input.structures))),
    });
  }
  if (input.result) blocks.push(...resultBlocks(messages, input.result, input.state.generation));
  return {
    type: "modal",
    callback_id: CallbackIds.userSearchModal,
    private_metadata: encodeSearchState(input.state),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks,
  };
}
