import { inTransaction, type Tx } from "../../db/transaction.ts";
import { type Absence, delegationCycle } from "../../domain/absences.ts";
import { parisDay } from "../../domain/dates.ts";
import { isoDay, parseIsoDay } from "../../domain/start-date.ts";
import { AppError, type FieldError } from "../../errors.ts";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { directMessage, enqueueDeliveries } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import {
  findOwnAbsence,
  lockAbsencesOf,
  type NamedAbsence,
  recordOnEachStructure,
} from "./manager-absences.ts";

/** The longest absence one declaration covers: a year, as leave and secondments go. */
export const MAX_ABSENCE_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AbsenceInput {
  /** Paris days as the datepicker sends them ("2026-12-07"). */
  startsOn: string | null;
  endsOn: string | null;
  /** The delegate's account, or null for none (the principal manager stands in). */
  delegateId: string | null;
}

/** The dates, checked: a real first day, today or later (an absence under way keeps its own), then a last one. */
function checkDates(
  messages: Messages,
  input: AbsenceInput,
  today: Date,
  current: NamedAbsence | null,
): { startsOn: Date; endsOn: Date } {
  const labels = messages.absence.errors;
  const startsOn = input.startsOn ? parseIsoDay(input.startsOn) : null;
  const endsOn = input.endsOn ? parseIsoDay(input.endsOn) : null;
  const problems: FieldError[] = [];
  const keepsItsStart = startsOn !== null && current?.startsOn.getTime() === startsOn.getTime();
  if (!startsOn) problems.push({ field: "startsOn", message: labels.startRequired });
  else if (startsOn < today && !keepsItsStart)
    problems.push({ field: "startsOn", message: labels.startPast });
  if (!endsOn) problems.push({ field: "endsOn", message: labels.endRequired });
  else if (endsOn < today) problems.push({ field: "endsOn", message: labels.endPast });
  else if (startsOn && endsOn < startsOn) problems.push({ field: "endsOn", message: labels.endBeforeStart });
  else if (startsOn && (endsOn.getTime() - startsOn.getTime()) / DAY_MS + 1 > MAX_ABSENCE_DAYS)
    problems.push({ field: "endsOn", message: labels.tooLong(MAX_ABSENCE_DAYS) });
  if (problems.length > 0 || !startsOn || !endsOn) {
    throw new AppError("invalid_input", problems[0]?.message ?? labels.startRequired, problems);
  }
  return { startsOn, endsOn };
}

function delegateError(message: string): AppError {
  return new AppError("invalid_input", message, [{ field: "delegate", message }]);
}

/**
 * The delegate, checked: not oneself, an active manager of at least one of the absent manager's
 * structures (the stand-in rule then only reaches them where they have the right), and not closing
 * a loop of delegations over the same days. Their name.
 */
async function checkDelegate(
  tx: Tx,
  messages: Messages,
  absence: Absence,
  structureIds: string[],
): Promise<string | null> {
  const { delegateId } = absence;
  if (delegateId === null) return null;
  const labels = messages.absence.errors;
  if (delegateId === absence.accountId) throw delegateError(labels.selfDelegate);
  const delegate = await tx.userAccount.findUnique({
    where: { id: delegateId },
    select: {
      firstName: true,
      lastName: true,
      attachments: {
        where: {
          structureId: { in: structureIds },
          status: "VALIDATED",
          role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
          user: { status: "ACTIVE" },
        },
        select: { id: true },
        take: 1,
      },
    },
  });
  if (!delegate) throw delegateError(labels.delegateUnknown);
  const name = `${delegate.firstName} ${delegate.lastName}`;
  if (delegate.attachments.length === 0) throw delegateError(labels.delegateNoRight(name));
  const others = await tx.managerAbsence.findMany({
    where: {
      endsOn: { gte: absence.startsOn },
      startsOn: { lte: absence.endsOn },
      delegateId: { not: null },
    },
    select: { accountId: true, startsOn: true, endsOn: true, delegateId: true },
  });
  const cycle = delegationCycle(absence, others);
  if (cycle) {
    const names = await tx.userAccount.findMany({
      where: { id: { in: cycle } },
      select: { id: true, firstName: true, lastName: true },
    });
    const nameOf = new Map(names.map((account) => [account.id, `${account.firstName} ${account.lastName}`]));
    throw delegateError(labels.cycle(cycle.map((id) => nameOf.get(id) ?? "?").join(" → ")));
  }
  return name;
}

/**
 * « Déclarer une absence »: dates and an optional delegate, replacing any earlier declaration. From
 * the first day to the last, the manager gets no digest and no reminder, and what would reach them
 * by DM goes to their stand-in (domain/absences.ts). A history line on each structure they manage,
 * their Home tab redrawn and the delegate told, in one transaction.
 */
export async function declareAbsence(
  ctx: ServiceContext,
  actor: Actor,
  input: AbsenceInput,
): Promise<NamedAbsence> {
  const { messages } = ctx;
  const today = parisDay(ctx.now());
  const declared = await inTransaction(ctx.prisma, async (tx) => {
    const structureIds = await lockAbsencesOf(tx, ctx, actor);
    const current = await findOwnAbsence(tx, actor.accountId, today);
    const dates = checkDates(messages, input, today, current);
    const absence: Absence = { accountId: actor.accountId, ...dates, delegateId: input.delegateId };
    const delegateName = await checkDelegate(tx, messages, absence, structureIds);
    const { accountId: _, ...fields } = absence;
    await tx.managerAbsence.upsert({
      where: { accountId: actor.accountId },
      create: absence,
      update: fields,
    });
    const [from, to] = [formatDate(messages, dates.startsOn), formatDate(messages, dates.endsOn)];
    await recordOnEachStructure(tx, structureIds, actor, ctx.now(), {
      action: "ABSENCE_DECLARED",
      comment: messages.absence.historyComment(from, to, delegateName),
      details: { startsOn: isoDay(dates.startsOn), endsOn: isoDay(dates.endsOn), delegate: delegateName },
    });
    // The delegate is told once, not at each change of dates.
    const newDelegate = absence.delegateId !== null && absence.delegateId !== current?.delegateId;
    await enqueueDeliveries(tx, [
      { kind: "SLACK_PUBLISH_HOME", payload: { accountId: actor.accountId } },
      ...(newDelegate && absence.delegateId
        ? [directMessage(absence.delegateId, messages.absence.delegateDm(actor.name, from, to))]
        : []),
    ]);
    return { ...absence, name: actor.name, delegateName };
  });
  ctx.outboxWritten();
  ctx.logger.info(
    { accountId: actor.accountId, delegated: declared.delegateId !== null },
    "absence declared",
  );
  return declared;
}
