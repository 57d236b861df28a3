import { parisDay } from "./dates.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher), as a UTC-midnight Date like `parisDay`. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/**
 * France's eleven national public holidays (Code du travail, L3133-1), as UTC-midnight Dates in
 * calendar order. Whit Monday is included: it is still a public holiday even where it is worked as
 * the "journée de solidarité". Alsace-Moselle's extra days are local, so left out.
 */
export function frenchPublicHolidays(year: number): Date[] {
  const easter = easterSunday(year).getTime();
  const fixed = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
  return [
    fixed(1, 1),
    new Date(easter + DAY_MS), // Lundi de Pâques
    fixed(5, 1),
    fixed(5, 8),
    new Date(easter + 39 * DAY_MS), // Ascension
    new Date(easter + 50 * DAY_MS), // Lundi de Pentecôte
    fixed(7, 14),
    fixed(8, 15),
    fixed(11, 1),
    fixed(11, 11),
    fixed(12, 25),
  ].sort((left, right) => left.getTime() - right.getTime());
}

/** Whether a day (UTC midnight, see `parisDay`) is Monday to Friday and not a French public holiday. */
export function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !frenchPublicHolidays(day.getUTCFullYear()).some((holiday) => holiday.getTime() === day.getTime());
}

/** The first working day after `day` (UTC midnight, see `parisDay`). */
export function nextWorkingDayAfter(day: Date): Date {
  const next = new Date(day.getTime() + DAY_MS);
  return isWorkingDay(next) ? next : nextWorkingDayAfter(next);
}

/**
 * Whether someone who last did a once-a-working-day thing (a requester's « Relancer ») at `last` may
 * do it again at `now`, and otherwise the day they may: the first working day after the last one.
 */
export function onceAWorkingDay(
  last: Date | null,
  now: Date,
): { allowed: true } | { allowed: false; from: Date } {
  if (last === null) return { allowed: true };
  const from = nextWorkingDayAfter(parisDay(last));
  return parisDay(now).getTime() >= from.getTime() ? { allowed: true } : { allowed: false, from };
}

/** The working days after `from` up to `to` included (both days as `parisDay` gives them). */
export function workingDaysBetween(from: Date, to: Date): number {
  let count = 0;
  for (let day = from.getTime() + DAY_MS; day <= to.getTime(); day += DAY_MS) {
    if (isWorkingDay(new Date(day))) count++;
  }
  return count;
}
