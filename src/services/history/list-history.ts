import { inTransaction, type Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { HistoryAction } from "../../generated/prisma/enums.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { findRequestDetails, isUuid } from "../requests/request-details.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";

/** Lines per page of the history modal (one block each, well under a modal's 100). */
export const HISTORY_PAGE_SIZE = 20;

/** The manager's filters: one kind of action, a period of Paris days ("2026-11-28"), both ends included. */
export interface HistoryFilters {
  action: HistoryAction | null;
  from: string | null;
  to: string | null;
}

/** Which page of which structure's history the modal shows. */
export interface HistoryState extends HistoryFilters {
  structureId: string;
  page: number;
}

export interface HistoryStructure {
  id: string;
  identifier: string;
  designation: string;
}

export interface PersonName {
  name: string;
  slackUserId: string | null;
}

/** One line of the history: when, who, what, on whom. */
export interface HistoryLine {
  id: string;
  sequence: number;
  createdAt: Date;
  action: HistoryAction;
  /** Null for what the app did by itself (automatic requests, API calls). */
  actor: PersonName | null;
  target: { name: string; loginEmail: string } | null;
  comment: string | null;
}

export interface HistoryPage {
  structure: HistoryStructure;
  state: HistoryState;
  lines: HistoryLine[];
  total: number;
}

/** One entry in full, for the detail view: its line, the request it decided, what changed. */
export interface HistoryEntryDetail {
  line: HistoryLine;
  request: RequestDetails | null;
  details: unknown;
  /** Names of the services and accounts whose ids the details hold: "Ressources humaines (RH)". */
  names: Record<string, string>;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isHistoryAction(value: unknown): value is HistoryAction {
  return typeof value === "string" && Object.hasOwn(HistoryAction, value);
}

/** "2026-11-28", a day that exists (not "2026-02-30"). */
export function isIsoDay(value: unknown): value is string {
  return (
    typeof value === "string" &&
    ISO_DAY.test(value) &&
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
  );
}

const parisOffset = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Paris",
  timeZoneName: "shortOffset",
});

/**
 * The instant a Paris day starts. Paris changes its offset at 2 or 3 a.m., so the offset in force at
 * 00:00 UTC of that day (1 or 2 a.m. there) is the one of its midnight.
 */
function parisDayStart(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  const offset = parisOffset.formatToParts(utcMidnight).find((part) => part.type === "timeZoneName")?.value;
  const hours = Number(/GMT([+-]\d+)/.exec(offset ?? "")?.[1] ?? 0);
  return new Date(utcMidnight.getTime() - hours * 3_600_000);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The entries the filters keep; a period whose start follows its end is refused. */
export function historyWhere(
  messages: Messages,
  structureId: string,
  filters: HistoryFilters,
): Prisma.HistoryEntryWhereInput {
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new AppError("invalid_input", messages.history.periodReversed);
  }
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = parisDayStart(filters.from);
  if (filters.to) createdAt.lt = parisDayStart(nextDay(filters.to));
  return {
    structureId,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

/** What a line shows of the entry's actor and target. */
export const historyLineSelect = {
  id: true,
  sequence: true,
  createdAt: true,
  action: true,
  comment: true,
  actorSlackUserId: true,
  actor: { select: { firstName: true, lastName: true } },
  targetUser: { select: { firstName: true, lastName: true, loginEmail: true } },
} as const satisfies Prisma.HistoryEntrySelect;

export type HistoryLineRow = Prisma.HistoryEntryGetPayload<{ select: typeof historyLineSelect }>;

export function toHistoryLine(row: HistoryLineRow): HistoryLine {
  return {
    id: row.id,
    sequence: row.sequence,
    createdAt: row.createdAt,
    action: row.action,
    actor: row.actor
      ? { name: `${row.actor.firstName} ${row.actor.lastName}`, slackUserId: row.actorSlackUserId }
      : null,
    target: row.targetUser
      ? {
          name: `${row.targetUser.firstName} ${row.targetUser.lastName}`,
          loginEmail: row.targetUser.loginEmail,
        }
      : null,
    comment: row.comment,
  };
}

/**
 * The structure whose history a manager reads: principal and secondary managers only, checked on
 * the server whatever the modal carried. An inactive structure's history stays readable.
 */
export async function loadHistoryStructure(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  where: { identifier: string } | { id: string },
): Promise<HistoryStructure> {
  const structure = await tx.structure.findUnique({
    where,
    select: { id: true, identifier: true, designation: true, slackTeamId: true },
  });
  if (!structure) {
    const named = "identifier" in where ? where.identifier : where.id;
    throw new AppError("not_found", messages.errors.structureNotFound(named));
  }
  await assertManagerOf(tx, messages, actor, structure);
  return structure;
}

/** `/chorus historique <identifiant>`: the first page, newest first, unfiltered. */
export function openStructureHistory(
  ctx: ServiceContext,
  actor: Actor,
  input: { identifier: string },
): Promise<HistoryPage> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadHistoryStructure(tx, ctx.messages, actor, { identifier: input.identifier });
    return readPage(tx, ctx.messages, structure, {
      structureId: structure.id,
      action: null,
      from: null,
      to: null,
      page: 0,
    });
  });
}

/** A page of the history with the modal's filters (a page past the end shows the last one). */
export function listHistoryPage(
  ctx: ServiceContext,
  actor: Actor,
  state: HistoryState,
): Promise<HistoryPage> {
  return inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadHistoryStructure(tx, ctx.messages, actor, { id: state.structureId });
    return readPage(tx, ctx.messages, structure, state);
  });
}

async function readPage(
  tx: Tx,
  messages: Messages,
  structure: HistoryStructure,
  state: HistoryState,
): Promise<HistoryPage> {
  const where = historyWhere(messages, structure.id, state);
  const total = await tx.historyEntry.count({ where });
  const page = Math.min(state.page, Math.max(0, Math.ceil(total / HISTORY_PAGE_SIZE) - 1));
  const rows = await tx.historyEntry.findMany({
    where,
    // The chain's order is the order of writing, whatever time a use case stamped on its entry.
    orderBy: { sequence: "desc" },
    skip: page * HISTORY_PAGE_SIZE,
    take: HISTORY_PAGE_SIZE,
    select: historyLineSelect,
  });
  return { structure, state: { ...state, page }, lines: rows.map(toHistoryLine), total };
}

/** "Détail": one entry of a structure the manager manages. */
export function loadHistoryEntry(
  ctx: ServiceContext,
  actor: Actor,
  input: { entryId: string },
): Promise<HistoryEntryDetail> {
  const { messages } = ctx;
  return inTransaction(ctx.prisma, async (tx) => {
    const entry = isUuid(input.entryId)
      ? await tx.historyEntry.findUnique({
          where: { id: input.entryId },
          select: {
            ...historyLineSelect,
            structureId: true,
            details: true,
            attachmentRequestId: true,
            subscriptionRequestId: true,
          },
        })
      : null;
    if (!entry) throw new AppError("not_found", messages.history.entryNotFound);
    await loadHistoryStructure(tx, messages, actor, { id: entry.structureId });
    const request = entry.attachmentRequestId
      ? await findRequestDetails(tx, "attachment", entry.attachmentRequestId)
      : entry.subscriptionRequestId
        ? await findRequestDetails(tx, "subscription", entry.subscriptionRequestId)
        : null;
    return {
      line: toHistoryLine(entry),
      request,
      details: entry.details,
      names: await namesOfIds(tx, entry.details),
    };
  });
}

/** Services and accounts named by id in an entry's details, so the detail view shows names. */
async function namesOfIds(tx: Tx, details: unknown): Promise<Record<string, string>> {
  const ids = [
    ...new Set(JSON.stringify(details ?? null).match(/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi)),
  ];
  if (ids.length === 0) return {};
  const services = await tx.service.findMany({
    where: { id: { in: ids } },
    select: { id: true, code: true, label: true },
  });
  const accounts = await tx.userAccount.findMany({
    where: { id: { in: ids } },
    select: { id: true, firstName: true, lastName: true, loginEmail: true },
  });
  return Object.fromEntries([
    ...services.map((service) => [service.id, `${service.label} (${service.code})`]),
    ...accounts.map((account) => [
      account.id,
      `${account.firstName} ${account.lastName} (${account.loginEmail})`,
    ]),
  ]);
}
