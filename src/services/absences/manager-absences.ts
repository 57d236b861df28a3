import type { PrismaClient } from "../../db/database.ts";
import type { Tx } from "../../db/transaction.ts";
import type { Absence } from "../../domain/absences.ts";
import { parisDay } from "../../domain/dates.ts";
import { AppError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistoryEntries } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { structuresManagedBy } from "../structures/manager-access.ts";

/** An absence with the names its notes show (« absent jusqu'au … », « délégué : … »). */
export interface NamedAbsence extends Absence {
  name: string;
  delegateName: string | null;
}

const NAMES = { select: { firstName: true, lastName: true } } as const;
const WITH_NAMES = { account: NAMES, delegate: NAMES } as const;

type Person = { firstName: string; lastName: string };

function named(row: Absence & { account: Person; delegate: Person | null }): NamedAbsence {
  const fullName = (person: Person) => `${person.firstName} ${person.lastName}`;
  return {
    accountId: row.accountId,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    delegateId: row.delegateId,
    name: fullName(row.account),
    delegateName: row.delegate ? fullName(row.delegate) : null,
  };
}

/** The absences covering that Paris day, by absent account: a few rows, read once per job or delivery. */
export async function loadAbsencesOn(db: PrismaClient | Tx, day: Date): Promise<Map<string, NamedAbsence>> {
  const rows = await db.managerAbsence.findMany({
    where: { startsOn: { lte: day }, endsOn: { gte: day } },
    include: WITH_NAMES,
  });
  return new Map(rows.map((row) => [row.accountId, named(row)]));
}

/** A manager's absence under way or still to come on that day (an ended one counts for nothing). */
export async function findOwnAbsence(
  db: PrismaClient | Tx,
  accountId: string,
  today: Date,
): Promise<NamedAbsence | null> {
  const row = await db.managerAbsence.findFirst({
    where: { accountId, endsOn: { gte: today } },
    include: WITH_NAMES,
  });
  return row ? named(row) : null;
}

/** Absence declarations run one at a time: two managers naming each other at once see each other. */
const ABSENCE_LOCK = 5_104_812;

/**
 * Takes the absences' lock, then the structures the manager manages (active ones, from their
 * workspace), where an absence is recorded: only a manager has one.
 */
export async function lockAbsencesOf(tx: Tx, ctx: ServiceContext, actor: Actor): Promise<string[]> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ABSENCE_LOCK}::int)`;
  const structures = await tx.structure.findMany({ where: structuresManagedBy(actor), select: { id: true } });
  if (structures.length === 0) throw new AppError("forbidden", ctx.messages.absence.notManager);
  return structures.map((structure) => structure.id);
}

/** « Mon absence », opened: for a manager only, their absence under way or to come, if any. */
export async function loadOwnAbsence(ctx: ServiceContext, actor: Actor): Promise<NamedAbsence | null> {
  const managed = await ctx.prisma.structure.count({ where: structuresManagedBy(actor) });
  if (managed === 0) throw new AppError("forbidden", ctx.messages.absence.notManager);
  return findOwnAbsence(ctx.prisma, actor.accountId, parisDay(ctx.now()));
}

/** A history line on each structure the manager manages: an absence concerns all of them. */
export async function recordOnEachStructure(
  tx: Tx,
  structureIds: readonly string[],
  actor: Actor,
  at: Date,
  line: { action: "ABSENCE_DECLARED" | "ABSENCE_ENDED"; comment?: string; details?: Prisma.InputJsonObject },
): Promise<void> {
  await appendHistoryEntries(
    tx,
    structureIds.map((structureId) => ({
      structureId,
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: actor.accountId,
      createdAt: at,
      ...line,
    })),
  );
}
