const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A "YYYY-MM-DD" day (what Slack's datepicker sends) as a UTC-midnight Date, or null if it is no real day. */
export function parseIsoDay(text: string): Date | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects what Date.UTC would roll over, such as 2026-02-30.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** "2026-11-28", as the datepicker's initial date and in history details. */
export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

export type StartDateProblem = "missing" | "past";

/**
 * The start date of validity of an attachment a manager creates: a real day, today (Paris) or later,
 * never in the past.
 */
export function checkStartDate(
  text: string | null,
  today: Date,
): { day: Date } | { problem: StartDateProblem } {
  const day = text ? parseIsoDay(text) : null;
  if (!day) return { problem: "missing" };
  return day.getTime() < today.getTime() ? { problem: "past" } : { day };
}
