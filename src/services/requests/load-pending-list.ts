import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  findManagedStructures,
  listManagerRequestIds,
  listManagerRequests,
  type ManagedStructure,
  type PendingFilters,
  type PendingListItem,
} from "./list-manager-requests.ts";

/** Requests shown per page: two checkbox groups of 10, Block Kit's limit per group. */
export const PENDING_PAGE_SIZE = 20;

/** The pending list's filters and page (what its modal carries in `private_metadata`). */
export interface PendingListState extends PendingFilters {
  page: number;
}

/** One page of the pending list, with the structures its filter offers. */
export interface PendingListInput {
  state: PendingListState;
  structures: ManagedStructure[];
  items: PendingListItem[];
  total: number;
}

async function managedStructureIds(ctx: ServiceContext, actor: Actor) {
  const structures = await findManagedStructures(ctx.prisma, actor);
  if (structures.length === 0) throw new AppError("forbidden", ctx.messages.errors.noManagedStructure);
  return structures;
}

/** One page of the manager's pending requests with the filters applied (a page past the end shows the last). */
export async function loadPendingList(
  ctx: ServiceContext,
  actor: Actor,
  requested: PendingListState,
): Promise<PendingListInput> {
  const structures = await managedStructureIds(ctx, actor);
  const structureId = structures.some((structure) => structure.id === requested.structureId)
    ? requested.structureId
    : null;
  const filters = { structureId, type: requested.type };
  const structureIds = structures.map((structure) => structure.id);
  let page = requested.page;
  let listed = await listManagerRequests(ctx.prisma, {
    structureIds,
    filters,
    offset: page * PENDING_PAGE_SIZE,
    limit: PENDING_PAGE_SIZE,
  });
  const lastPage = Math.max(0, Math.ceil(listed.total / PENDING_PAGE_SIZE) - 1);
  if (page > lastPage) {
    page = lastPage;
    listed = await listManagerRequests(ctx.prisma, {
      structureIds,
      filters,
      offset: page * PENDING_PAGE_SIZE,
      limit: PENDING_PAGE_SIZE,
    });
  }
  return { state: { ...filters, page }, structures, items: listed.items, total: listed.total };
}

/** Every request the filters match, for "toutes les demandes filtrées". */
export async function listFilteredRequests(ctx: ServiceContext, actor: Actor, state: PendingListState) {
  const structures = await managedStructureIds(ctx, actor);
  return listManagerRequestIds(ctx.prisma, {
    structureIds: structures.map((structure) => structure.id),
    filters: { structureId: state.structureId, type: state.type },
  });
}

/** `/chorus demandes <identifiant>`: the structure must be one the manager manages. */
export async function loadManagedStructureId(
  ctx: ServiceContext,
  actor: Actor,
  identifier: string,
): Promise<string> {
  const structures = await managedStructureIds(ctx, actor);
  const found = structures.find((structure) => structure.identifier === identifier);
  if (!found) throw new AppError("forbidden", ctx.messages.errors.notManager(identifier));
  return found.id;
}
