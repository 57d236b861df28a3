import { strongestRole } from "../../domain/roles.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AccountStatus, Role } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { findManagedStructures, type ManagedStructure } from "../requests/list-manager-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { structuresManagedBy } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";

/** Users per page: 20 rows of two blocks each keep the modal well under Slack's 100 blocks. */
export const USER_SEARCH_PAGE_SIZE = 20;
/** Longest text criterion accepted (the modal's inputs stop there too). */
export const MAX_CRITERION_LENGTH = 100;

/** The guide's criteria ("Nom, Prénom, Adresse de connexion, Statut", "Désignation et service"). */
export interface UserSearchCriteria {
  lastName: string | null;
  firstName: string | null;
  /** Part of the login e-mail. */
  loginEmail: string | null;
  status: AccountStatus | null;
  /** One of the manager's structures, chosen in a list. */
  structureId: string | null;
  /** Typed instead: part of a structure's designation, or the start of its identifier. */
  structure: string | null;
  /** Part of a service's label, or its code. */
  service: string | null;
}

export const EMPTY_CRITERIA: UserSearchCriteria = {
  lastName: null,
  firstName: null,
  loginEmail: null,
  status: null,
  structureId: null,
  structure: null,
  service: null,
};

/** A user's attachments to one of the manager's structures: the strongest role and the scope. */
export interface FoundAttachment {
  structure: ManagedStructure;
  role: Role;
  wholeStructure: boolean;
  services: { id: string; code: string; label: string }[];
}

export interface FoundUser extends AccountSummary {
  contactEmail: string | null;
  technical: boolean;
  attachments: FoundAttachment[];
  /** Pending attachment requests on the manager's structures. */
  pendingRequests: { id: string; structure: ManagedStructure }[];
}

export interface UserSearchResult {
  criteria: UserSearchCriteria;
  page: number;
  total: number;
  users: FoundUser[];
  /** The structures the manager manages (the structure filter's choices). */
  structures: ManagedStructure[];
}

const TEXT_CRITERIA = ["lastName", "firstName", "loginEmail", "structure", "service"] as const;

function hasCriterion(criteria: UserSearchCriteria): boolean {
  return (
    TEXT_CRITERIA.some((field) => Boolean(criteria[field]?.trim())) ||
    criteria.status !== null ||
    criteria.structureId !== null
  );
}

/** At least one criterion, none too long: otherwise a field error in the search modal. */
function checkCriteria(messages: Messages, criteria: UserSearchCriteria): void {
  if (!hasCriterion(criteria)) {
    const message = messages.userSearch.noCriterion;
    throw new AppError("invalid_input", message, [{ field: "lastName", message }]);
  }
  const tooLong = TEXT_CRITERIA.filter((field) => (criteria[field]?.length ?? 0) > MAX_CRITERION_LENGTH);
  if (tooLong.length > 0) {
    const message = messages.errors.textTooLong(MAX_CRITERION_LENGTH);
    throw new AppError(
      "invalid_input",
      message,
      tooLong.map((field) => ({ field, message })),
    );
  }
}

/**
 * Where the users are looked for: the chosen structure, or every structure the actor manages as a
 * subquery (what findManagedStructures reads) rather than their ids: a manager of thousands of
 * structures would otherwise send thousands of parameters twice per query.
 */
type SearchScope = Prisma.AttachmentWhereInput & Prisma.AttachmentRequestWhereInput;

function searchScope(actor: Actor, structureId: string | null): SearchScope {
  if (structureId) return { structureId };
  return { structure: structuresManagedBy(actor) };
}

/**
 * The Prisma filter of a search: the account's own criteria on its stored keys, and a validated
 * attachment or a pending attachment request in `scope` matching the structure and service criteria
 * (bench/search.ts writes the same query in SQL).
 */
function userSearchWhere(criteria: UserSearchCriteria, scope: SearchScope): Prisma.UserAccountWhereInput {
  const structureText = criteria.structure?.trim();
  const structureFilter: Prisma.StructureWhereInput | undefined = structureText
    ? {
        OR: [
          { designationKey: { contains: searchKey(structureText) } },
          { identifier: { startsWith: structureText.replace(/\s+/g, "") } },
        ],
      }
    : undefined;
  const serviceText = criteria.service?.trim();
  const serviceFilter: Prisma.ServiceWhereInput | undefined = serviceText
    ? {
        OR: [
          { labelKey: { contains: searchKey(serviceText) } },
          { code: { equals: serviceText, mode: "insensitive" } },
        ],
      }
    : undefined;
  // Both conditions on the structure relation must hold: AND keeps them apart.
  const place = { AND: [scope, ...(structureFilter ? [{ structure: structureFilter }] : [])] };
  const where: Prisma.UserAccountWhereInput = {
    OR: [
      {
        attachments: {
          some: { ...place, status: "VALIDATED", ...(serviceFilter ? { service: serviceFilter } : {}) },
        },
      },
      {
        attachmentRequests: {
          some: {
            ...place,
            status: "PENDING",
            ...(serviceFilter ? { requestedServices: { some: serviceFilter } } : {}),
          },
        },
      },
    ],
  };
  if (criteria.lastName) where.lastNameKey = { contains: searchKey(criteria.lastName) };
  if (criteria.firstName) where.firstNameKey = { contains: searchKey(criteria.firstName) };
  if (criteria.loginEmail) where.loginEmail = { contains: criteria.loginEmail.trim().toLowerCase() };
  if (criteria.status) where.status = criteria.status;
  return where;
}

/** Accent-insensitive order (the keys), then the id so that pages never overlap. */
const USER_SEARCH_ORDER = [
  { lastNameKey: "asc" },
  { firstNameKey: "asc" },
  { id: "asc" },
] satisfies Prisma.UserAccountOrderByWithRelationInput[];

async function managedStructuresOf(ctx: ServiceContext, actor: Actor): Promise<ManagedStructure[]> {
  const structures = await findManagedStructures(ctx.prisma, actor);
  if (structures.length === 0) throw new AppError("forbidden", ctx.messages.errors.noManagedStructure);
  return structures;
}

/**
 * What a result row shows, read with the page itself. The relations are not filtered by the manager's
 * structures in SQL (that would send the thousands of ids again): a user has few attachments, and
 * those elsewhere are dropped by `toFoundUser`.
 */
const FOUND_USER_SELECT = {
  ...ACCOUNT_SUMMARY_SELECT,
  contactEmail: true,
  technical: true,
  attachments: {
    where: { status: "VALIDATED" },
    select: { structureId: true, role: true, service: { select: { id: true, code: true, label: true } } },
  },
  attachmentRequests: {
    where: { status: "PENDING" },
    select: { id: true, structureId: true },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies Prisma.UserAccountSelect;

type FoundUserRow = Prisma.UserAccountGetPayload<{ select: typeof FOUND_USER_SELECT }>;

/** A row limited to the manager's structures. */
function toFoundUser(row: FoundUserRow, structures: Map<string, ManagedStructure>): FoundUser {
  const { attachments, attachmentRequests, ...account } = row;
  return {
    ...account,
    attachments: groupByStructure(attachments, structures),
    pendingRequests: attachmentRequests.flatMap((request) => {
      const structure = structures.get(request.structureId);
      return structure ? [{ id: request.id, structure }] : [];
    }),
  };
}

function byId(structures: ManagedStructure[]): Map<string, ManagedStructure> {
  return new Map(structures.map((structure) => [structure.id, structure]));
}

/** One line per structure: a user may hold the whole structure or several services of it. */
function groupByStructure(
  attachments: { structureId: string; role: Role; service: FoundAttachment["services"][number] | null }[],
  structures: Map<string, ManagedStructure>,
): FoundAttachment[] {
  const grouped = new Map<string, FoundAttachment>();
  for (const attachment of attachments) {
    const structure = structures.get(attachment.structureId);
    if (!structure) continue;
    const line = grouped.get(structure.id) ?? {
      structure,
      role: attachment.role,
      wholeStructure: false,
      services: [],
    };
    line.role = strongestRole([line.role, attachment.role]) ?? line.role;
    if (attachment.service) line.services.push(attachment.service);
    else line.wholeStructure = true;
    grouped.set(structure.id, line);
  }
  return [...grouped.values()].sort((left, right) =>
    left.structure.designation.localeCompare(right.structure.designation),
  );
}

/**
 * "Rechercher un utilisateur": one page of the users of the manager's structures (validated
 * attachment or pending attachment request there) matching the criteria, partially and regardless
 * of case and accents, with the total. A page past the end shows the last one.
 */
export async function searchUsers(
  ctx: ServiceContext,
  actor: Actor,
  input: { criteria: UserSearchCriteria; page: number },
): Promise<UserSearchResult> {
  checkCriteria(ctx.messages, input.criteria);
  const structures = await managedStructuresOf(ctx, actor);
  const managedIds = structures.map((structure) => structure.id);
  const { structureId } = input.criteria;
  if (structureId && !managedIds.includes(structureId)) {
    throw new AppError("forbidden", ctx.messages.userSearch.structureNotManaged);
  }
  const where = userSearchWhere(input.criteria, searchScope(actor, structureId));
  const total = await ctx.prisma.userAccount.count({ where });
  const lastPage = Math.max(0, Math.ceil(total / USER_SEARCH_PAGE_SIZE) - 1);
  const page = Math.min(Math.max(0, input.page), lastPage);
  const rows = await ctx.prisma.userAccount.findMany({
    where,
    select: FOUND_USER_SELECT,
    orderBy: USER_SEARCH_ORDER,
    skip: page * USER_SEARCH_PAGE_SIZE,
    take: USER_SEARCH_PAGE_SIZE,
  });
  const managed = byId(structures);
  const users = rows.map((row) => toFoundUser(row, managed));
  return { criteria: input.criteria, page, total, users, structures };
}

/** The structures a manager manages, for the search modal before any search. */
export async function loadUserSearchChoices(ctx: ServiceContext, actor: Actor): Promise<ManagedStructure[]> {
  return managedStructuresOf(ctx, actor);
}

/** Users as the search shows them, limited to those of the manager's structures (others are left out). */
export async function findManagedUsers(
  ctx: ServiceContext,
  actor: Actor,
  userIds: string[],
): Promise<FoundUser[]> {
  const managed = byId(await managedStructuresOf(ctx, actor));
  const rows = await ctx.prisma.userAccount.findMany({
    where: { id: { in: [...new Set(userIds.filter(isUuid))] } },
    select: FOUND_USER_SELECT,
    orderBy: USER_SEARCH_ORDER,
  });
  return rows
    .map((row) => toFoundUser(row, managed))
    .filter((user) => user.attachments.length > 0 || user.pendingRequests.length > 0);
}

/** "Voir le détail" and "Modifier l'utilisateur": one user of the manager's structures. */
export async function loadManagedUser(ctx: ServiceContext, actor: Actor, userId: string): Promise<FoundUser> {
  const [user] = await findManagedUsers(ctx, actor, [userId]);
  if (!user) throw new AppError("not_found", ctx.messages.userSearch.userNotFound);
  return user;
}
