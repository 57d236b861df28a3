import type { types } from "@slack/bolt";
import type { Messages } from "../../../i18n/index.ts";
import { EMPTY_CRITERIA, MAX_CRITERION_LENGTH } from "../../../services/accounts/search-users.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds } from "../../ids.ts";
import {
  ACCOUNT_STATUSES,
  CRITERION_ACTIONS,
  type CriterionField,
  criterionBlockId,
  type UserSearchState,
} from "./search-state.ts";

/** A static select holds 100 options; one is "all my structures". Beyond, the structure is typed. */
export const MAX_STRUCTURE_OPTIONS = LIMITS.selectOptions - 1;

function textCriterion(
  field: CriterionField,
  label: string,
  value: string | null,
  generation: number,
  hint?: string,
): types.InputBlock {
  return {
    type: "input",
    block_id: criterionBlockId(field, generation),
    optional: true,
    label: plainText(label),
    ...(hint ? { hint: plainText(hint, LIMITS.inputLabel) } : {}),
    element: {
      type: "plain_text_input",
      action_id: CRITERION_ACTIONS[field],
      max_length: MAX_CRITERION_LENGTH,
      ...(value ? { initial_value: value } : {}),
    },
  };
}

function selectCriterion(
  field: CriterionField,
  label: string,
  options: types.PlainTextOption[],
  selected: string | null,
  generation: number,
): types.InputBlock {
  const [all] = options;
  return {
    type: "input",
    block_id: criterionBlockId(field, generation),
    optional: true,
    label: plainText(label),
    element: {
      type: "static_select",
      action_id: CRITERION_ACTIONS[field],
      options,
      initial_option: options.find((option) => option.value === selected) ?? all,
    },
  };
}

/** The guide's criteria, as last searched, and "Réinitialiser". */
export function criteriaBlocks(
  messages: Messages,
  input: { state: UserSearchState; structures: ManagedStructure[] },
): types.KnownBlock[] {
  const labels = messages.userSearch;
  const criteria = input.state.criteria ?? EMPTY_CRITERIA;
  const { generation } = input.state;
  const statusOptions = [
    { text: plainText(labels.allStatuses), value: "all" },
    ...ACCOUNT_STATUSES.map((status) => ({
      text: plainText(messages.accountStatuses[status]),
      value: status,
    })),
  ];
  const structure =
    input.structures.length <= MAX_STRUCTURE_OPTIONS
      ? selectCriterion(
          "structure",
          labels.structure,
          [
            { text: plainText(labels.allStructures), value: "all" },
            ...input.structures.map((managed) => ({
              text: plainText(`${managed.designation} (${managed.identifier})`),
              value: managed.id,
            })),
          ],
          criteria.structureId,
          generation,
        )
      : textCriterion("structure", labels.structure, criteria.structure, generation, labels.structureHint);
  return [
    { type: "context", elements: [mrkdwn(labels.criteriaHint)] },
    textCriterion("lastName", labels.lastName, criteria.lastName, generation),
    textCriterion("firstName", labels.firstName, criteria.firstName, generation),
    textCriterion("loginEmail", labels.loginEmail, criteria.loginEmail, generation),
    selectCriterion("status", labels.status, statusOptions, criteria.status, generation),
    structure,
    textCriterion("service", labels.service, criteria.service, generation, labels.serviceHint),
    {
      type: "actions",
      block_id: BlockIds.userSearchReset,
      elements: [
        {
          type: "button",
          action_id: ActionIds.userSearchReset,
          text: plainText(labels.reset),
          value: "reset",
        },
      ],
    },
  ];
}
