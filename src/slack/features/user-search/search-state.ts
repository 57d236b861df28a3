import type { ViewStateValue } from "@slack/bolt";
import { z } from "zod";
import { MAX_CRITERION_LENGTH, type UserSearchCriteria } from "../../../services/accounts/search-users.ts";
import { readCheckboxGroups, type StateValues } from "../../blocks/kit.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { ActionIds, BlockIds } from "../../ids.ts";

/** The account statuses a search can filter on, in the order the modal offers them. */
export const ACCOUNT_STATUSES = ["PENDING_ACTIVATION", "ACTIVE", "DEACTIVATED"] as const;

/**
 * What the search modal carries in `private_metadata`: the criteria of the last search (null before
 * the first), the page, and a generation that is part of every input's block id. Slack keeps what
 * was typed in an input across views.update as long as its block id stays, so a new generation is
 * what lets "Réinitialiser" empty the criteria and a refresh untick the selection.
 */
export interface UserSearchState {
  criteria: UserSearchCriteria | null;
  page: number;
  generation: number;
}

export const INITIAL_SEARCH_STATE: UserSearchState = { criteria: null, page: 0, generation: 0 };

/** A typed criterion: trimmed and cut to the inputs' length; empty or anything else is none. */
const criterionText = z
  .string()
  .transform((value) => (value.trim() ? value.trim().slice(0, MAX_CRITERION_LENGTH) : null))
  .nullable()
  .catch(null);

const searchStateSchema = z.object({
  criteria: z
    .object({
      lastName: criterionText,
      firstName: criterionText,
      loginEmail: criterionText,
      status: z.enum(ACCOUNT_STATUSES).nullable().catch(null),
      structureId: criterionText,
      structure: criterionText,
      service: criterionText,
    })
    .nullable()
    .catch(null),
  page: pageNumber,
  generation: pageNumber,
}) satisfies z.ZodType<UserSearchState>;

const searchStateCodec = metadataCodec(searchStateSchema);

export const encodeSearchState = searchStateCodec.encode;

export function decodeSearchState(raw: string | undefined): UserSearchState {
  return searchStateCodec.decode(raw) ?? INITIAL_SEARCH_STATE;
}

export type CriterionField = Exclude<keyof UserSearchCriteria, "structureId">;

export const CRITERION_ACTIONS: Record<CriterionField, string> = {
  lastName: ActionIds.userSearchLastName,
  firstName: ActionIds.userSearchFirstName,
  loginEmail: ActionIds.userSearchLoginEmail,
  status: ActionIds.userSearchStatus,
  structure: ActionIds.userSearchStructure,
  service: ActionIds.userSearchService,
};

export function criterionBlockId(field: CriterionField, generation: number): string {
  return `${CRITERION_ACTIONS[field]}_${generation}`;
}

/** Maps the search use case's field names to the modal's block ids, for field errors. */
export function criteriaFieldBlocks(generation: number): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(CRITERION_ACTIONS) as CriterionField[]).map((field) => [
      field,
      criterionBlockId(field, generation),
    ]),
  );
}

/** Every value of an action id, whatever its block (the blocks' ids carry the generation). */
function valuesOf(values: StateValues, actionId: string): ViewStateValue[] {
  return Object.values(values).flatMap((actions) => {
    const value = actions?.[actionId];
    return value ? [value] : [];
  });
}

/** The criteria as typed in the modal (checked by the use case). */
export function readSearchCriteria(values: StateValues): UserSearchCriteria {
  const text = (actionId: string) => valuesOf(values, actionId)[0]?.value?.trim() || null;
  const chosen = (actionId: string) => {
    const value = valuesOf(values, actionId)[0]?.selected_option?.value;
    return value && value !== "all" ? value : null;
  };
  const [structureInput] = valuesOf(values, ActionIds.userSearchStructure);
  const structureChosen = structureInput?.type === "static_select";
  return {
    lastName: text(ActionIds.userSearchLastName),
    firstName: text(ActionIds.userSearchFirstName),
    loginEmail: text(ActionIds.userSearchLoginEmail),
    status: ACCOUNT_STATUSES.find((status) => status === chosen(ActionIds.userSearchStatus)) ?? null,
    structureId: structureChosen ? chosen(ActionIds.userSearchStructure) : null,
    structure: structureChosen ? null : text(ActionIds.userSearchStructure),
    service: text(ActionIds.userSearchService),
  };
}

/** The users ticked on the page. */
export function readSelectedUserIds(values: StateValues): string[] {
  return readCheckboxGroups(values, BlockIds.userSearchSelectionPrefix, ActionIds.userSearchSelection);
}

/** Where a pushed modal returns: the search modal's id and state, to refresh it afterwards. */
export const searchParentSchema = z.object({
  viewId: z.string(),
  state: searchStateSchema.catch(INITIAL_SEARCH_STATE),
});
export type SearchParent = z.output<typeof searchParentSchema>;

/** What a modal pushed from the results carries: where it returns, and the users it is about. */
const childMetadataSchema = z.object({
  parent: searchParentSchema,
  userIds: z.array(z.unknown()).transform((ids) => ids.filter((id): id is string => typeof id === "string")),
});
const childMetadataCodec = metadataCodec(childMetadataSchema);

export const encodeChildMetadata = childMetadataCodec.encode;
export const decodeChildMetadata = childMetadataCodec.decode;
