import { strongestRole } from "../../domain/roles.ts";
import { searchKey } from "../../domain/search-key.ts";
import { AppError } from "../../errors.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { AccountStatus, AttachmentStatus, Role } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { findManagedStructures, type ManagedStructure } from "../requests/list-manager-requests.ts";
import { isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
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
  /** "À venir": the start date of attachments granting nothing yet (a line of their own); null: effective. */
  startsOn: Date | null;
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

/** `text` in a `LIKE` pattern: its own `%`, `_` and `\\` are matched as such. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** `LIKE` pattern matching `text` anywhere. */
function containing(text: string): string {
  return `%${likeLiteral(text)}%`;
}

/**
 * The users a search matches, as SQL: an account matching the user criteria with a validated
 * attachment, or a pending attachment request, on one of `structureIds` matching the structure and
 * service criteria. Written as two semi-joins under a UNION rather than one OR of two EXISTS, which
 * PostgreSQL can only answer by reading every account: each branch can start from the trigram
 * indexes of the names (few matches) or from the structures' attachments (a chosen structure),
 * whichever is cheaper. bench/search.ts writes the same search by hand.
 */
function matchedUsersSql(criteria: UserSearchCriteria, structureIds: readonly string[]): Prisma.Sql {
  const userFilters = [Prisma.sql`TRUE`];
  if (criteria.lastName)
    userFilters.push(Prisma.sql`u."lastNameKey" LIKE ${containing(searchKey(criteria.lastName))}`);
  if (criteria.firstName)
    userFilters.push(Prisma.sql`u."firstNameKey" LIKE ${containing(searchKey(criteria.firstName))}`);
  if (criteria.loginEmail)
    userFilters.push(Prisma.sql`u."loginEmail" LIKE ${containing(criteria.loginEmail.trim().toLowerCase())}`);
  if (criteria.status) userFilters.push(Prisma.sql`u."status" = ${criteria.status}::"AccountStatus"`);
  const structureText = criteria.structure?.trim();
  const place = structureText
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Structure" s WHERE s."id" = x."structureId"
        AND (s."designationKey" LIKE ${containing(searchKey(structureText))}
          OR s."identifier" LIKE ${`${likeLiteral(structureText.replace(/\s+/g, ""))}%`}))`
    : Prisma.empty;
  const serviceText = criteria.service?.trim();
  const serviceMatch = serviceText
    ? Prisma.sql`(v."labelKey" LIKE ${containing(searchKey(serviceText))} OR lower(v."code") = lower(${serviceText}))`
    : null;
  const attachmentService = serviceMatch
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Service" v WHERE v."id" = x."serviceId" AND ${serviceMatch})`
    : Prisma.empty;
  const requestService = serviceMatch
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "_RequestedServices" rs JOIN "Service" v ON v."id" = rs."B"
        WHERE rs."A" = x."id" AND ${serviceMatch})`
    : Prisma.empty;
  const users = Prisma.sql`SELECT u."id", u."lastNameKey", u."firstNameKey" FROM "UserAccount" u
    WHERE ${Prisma.join(userFilters, " AND ")}`;
  const ids = [...structureIds];
  return Prisma.sql`${users} AND EXISTS (SELECT 1 FROM "Attachment" x WHERE x."userId" = u."id"
      AND x."structureId" = ANY(${ids}::uuid[]) AND x."status" IN ('VALIDATED', 'UPCOMING') ${place} ${attachmentService})
    UNION
    ${users} AND EXISTS (SELECT 1 FROM "AttachmentRequest" x WHERE x."userId" = u."id"
      AND x."structureId" = ANY(${ids}::uuid[]) AND x."status" = 'PENDING' ${place} ${requestService})`;
}

/**
 * One round trip: how many users match, the page shown (a page past the end shows the last one) and
 * its users' ids in the accent-insensitive order of the keys, then the id so that pages never overlap.
 */
async function findMatchingPage(
  prisma: ServiceContext["prisma"],
  matched: Prisma.Sql,
  page: number,
): Promise<{ total: number; page: number; ids: string[] }> {
  const size = USER_SEARCH_PAGE_SIZE;
  const [row] = await prisma.$queryRaw<{ total: number; page: number; ids: string[] }[]>`
    WITH matched AS MATERIALIZED (${matched}),
    counted AS (SELECT count(*)::int AS "total" FROM matched),
    shown AS (
      SELECT "total", LEAST(${Math.max(0, page)}::int, GREATEST(0, ("total" + ${size}::int - 1) / ${size}::int - 1)) AS "page"
      FROM counted)
    SELECT shown."total", shown."page", ARRAY(
      SELECT m."id" FROM matched m ORDER BY m."lastNameKey", m."firstNameKey", m."id"
      LIMIT ${size}::int OFFSET shown."page" * ${size}::int) AS "ids"
    FROM shown`;
  return row ?? { total: 0, page: 0, ids: [] };
}

/** Accent-insensitive order (the keys), then the id, as the search pages them. */
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

/** What {@link groupByStructure} reads of each attachment. */
export const ATTACHMENT_LINE_SELECT = {
  structureId: true,
  role: true,
  status: true,
  startDate: true,
  service: { select: { id: true, code: true, label: true } },
} as const satisfies Prisma.AttachmentSelect;

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
    where: { status: { in: ["VALIDATED", "UPCOMING"] } },
    select: ATTACHMENT_LINE_SELECT,
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

/**
 * One line per structure: a user may hold the whole structure or several services of it; what is
 * "à venir" (a start date to come) is a line of its own, effective on its start date.
 */
export function groupByStructure(
  attachments: {
    structureId: string;
    role: Role;
    status: AttachmentStatus;
    startDate: Date;
    service: FoundAttachment["services"][number] | null;
  }[],
  structures: Map<string, ManagedStructure>,
): FoundAttachment[] {
  const grouped = new Map<string, FoundAttachment>();
  for (const attachment of attachments) {
    const structure = structures.get(attachment.structureId);
    if (!structure) continue;
    const upcoming = attachment.status === "UPCOMING";
    const key = `${structure.id}|${upcoming}`;
    const line = grouped.get(key) ?? {
      structure,
      role: attachment.role,
      wholeStructure: false,
      services: [],
      startsOn: upcoming ? attachment.startDate : null,
    };
    line.role = strongestRole([line.role, attachment.role]) ?? line.role;
    if (attachment.service) line.services.push(attachment.service);
    else line.wholeStructure = true;
    if (line.startsOn && attachment.startDate < line.startsOn) line.startsOn = attachment.startDate;
    grouped.set(key, line);
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
  const matched = matchedUsersSql(input.criteria, structureId ? [structureId] : managedIds);
  const { total, page, ids } = await findMatchingPage(ctx.prisma, matched, input.page);
  const found = await ctx.prisma.userAccount.findMany({
    where: { id: { in: ids } },
    select: FOUND_USER_SELECT,
  });
  const byAccount = new Map(found.map((row) => [row.id, row]));
  const rows = ids.flatMap((id) => byAccount.get(id) ?? []);
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

/** A structure the user is attached to (or asks to be) that the manager does not manage. */
export interface StructureElsewhere {
  structure: { identifier: string; designation: string };
  /** "Statut du rattachement": VALIDATED, or PENDING while their attachment request waits. */
  status: AttachmentStatus;
}

/** "Voir le détail": the user as the search shows them, and the structures they hold elsewhere. */
export interface UserDetail extends FoundUser {
  elsewhere: StructureElsewhere[];
  /** The manager's structures among theirs that are imported from Chorus Pro (« Statut dans Chorus Pro »). */
  chorusProStructureIds: string[];
}

/**
 * "Voir le détail": every structure the user is attached to. Those the manager does not manage show
 * only the structure and the attachment's status (the guide): never the role, services or spaces.
 */
export async function loadUserDetail(ctx: ServiceContext, actor: Actor, userId: string): Promise<UserDetail> {
  const user = await loadManagedUser(ctx, actor, userId);
  const managed = new Set([
    ...user.attachments.map((attachment) => attachment.structure.id),
    ...user.pendingRequests.map((request) => request.structure.id),
  ]);
  const structure = { select: { id: true, identifier: true, designation: true } } as const;
  const [attached, asked, connected] = await Promise.all([
    ctx.prisma.attachment.findMany({
      where: { userId, status: "VALIDATED", structureId: { notIn: [...managed] } },
      select: { structure },
      distinct: ["structureId"],
    }),
    ctx.prisma.attachmentRequest.findMany({
      where: { userId, status: "PENDING", structureId: { notIn: [...managed] } },
      select: { structure },
    }),
    ctx.prisma.chorusProConnection.findMany({
      where: { structureId: { in: [...managed] } },
      select: { structureId: true },
    }),
  ]);
  const elsewhere = [
    ...attached.map((row) => ({ structure: row.structure, status: "VALIDATED" as const })),
    ...asked.map((row) => ({ structure: row.structure, status: "PENDING" as const })),
  ]
    .map(({ structure: { identifier, designation }, status }) => ({
      structure: { identifier, designation },
      status,
    }))
    .sort((left, right) => left.structure.designation.localeCompare(right.structure.designation));
  return { ...user, elsewhere, chorusProStructureIds: connected.map((row) => row.structureId) };
}
