import type { Role } from "../generated/prisma/enums.ts";

/** A manager's declared absence: Paris days (UTC midnight), both included, and an optional delegate. */
export interface Absence {
  accountId: string;
  startsOn: Date;
  endsOn: Date;
  delegateId: string | null;
}

/** Whether the absence covers that Paris day. */
export function isAbsentOn(absence: Absence, day: Date): boolean {
  return absence.startsOn.getTime() <= day.getTime() && day.getTime() <= absence.endsOn.getTime();
}

/** Whether two absences share at least one day. */
function overlap(left: Absence, right: Absence): boolean {
  return (
    left.startsOn.getTime() <= right.endsOn.getTime() && right.startsOn.getTime() <= left.endsOn.getTime()
  );
}

/**
 * The delegation chain `candidate` would close into a loop: following the delegates of the absences
 * that overlap it, from its delegate, back to its own manager (the accounts in order, that manager
 * first and last); null when there is none. A loop would leave everyone in it reached by nobody.
 */
export function delegationCycle(candidate: Absence, others: readonly Absence[]): string[] | null {
  const byAccount = new Map(
    others
      .filter((other) => other.accountId !== candidate.accountId && overlap(other, candidate))
      .map((other) => [other.accountId, other]),
  );
  const chain = [candidate.accountId];
  let next = candidate.delegateId;
  while (next !== null && !chain.includes(next)) {
    chain.push(next);
    next = byAccount.get(next)?.delegateId ?? null;
  }
  return next === candidate.accountId ? [...chain, next] : null;
}

export interface StructureManager {
  accountId: string;
  role: Role;
}

/**
 * A structure's managers from their attachment rows, principal rows first: a manager holding several
 * scoped attachments is one recipient, with the first (strongest) role read.
 */
export function distinctManagers(rows: readonly StructureManager[]): StructureManager[] {
  const byAccount = new Map<string, StructureManager>();
  for (const row of rows) if (!byAccount.has(row.accountId)) byAccount.set(row.accountId, row);
  return [...byAccount.values()];
}

/**
 * Who receives, on `day`, what would go to `accountId` as a manager of a structure: that manager when
 * present; otherwise their delegate if the delegate manages this structure too (never someone
 * without the right), else its principal manager, else another of its managers; each followed in
 * turn while absent. Null when every one of them is away.
 */
export function standIn(
  managers: readonly StructureManager[],
  absences: ReadonlyMap<string, Absence>,
  day: Date,
  accountId: string,
): string | null {
  const managing = new Set(managers.map((manager) => manager.accountId));
  const principals = managers.filter((manager) => manager.role === "PRINCIPAL_MANAGER");
  const others = managers.filter((manager) => manager.role !== "PRINCIPAL_MANAGER");
  const tried = new Set<string>();
  let current: string | undefined = accountId;
  while (current !== undefined) {
    tried.add(current);
    const absence = absences.get(current);
    if (!absence || !isAbsentOn(absence, day)) return current;
    const delegate =
      absence.delegateId !== null && managing.has(absence.delegateId) ? [absence.delegateId] : [];
    current = [...delegate, ...[...principals, ...others].map((manager) => manager.accountId)].find(
      (candidate) => !tried.has(candidate),
    );
  }
  return null;
}

/** Everyone who hears, on `day`, what goes to each of a structure's managers: their stand-ins, once each. */
export function presentRecipients(
  managers: readonly StructureManager[],
  absences: ReadonlyMap<string, Absence>,
  day: Date,
): string[] {
  const recipients = managers.flatMap((manager) => standIn(managers, absences, day, manager.accountId) ?? []);
  return [...new Set(recipients)];
}

/**
 * A structure's managers away on `day`, each with whether their delegate manages it too (the notes
 * « absent jusqu'au … » name the delegate only there).
 */
export function absentManagers<A extends Absence>(
  managers: readonly StructureManager[],
  absences: ReadonlyMap<string, A>,
  day: Date,
): (A & { delegateHere: boolean })[] {
  const managing = new Set(managers.map((manager) => manager.accountId));
  return managers.flatMap((manager) => {
    const absence = absences.get(manager.accountId);
    if (!absence || !isAbsentOn(absence, day)) return [];
    return [{ ...absence, delegateHere: absence.delegateId !== null && managing.has(absence.delegateId) }];
  });
}
