/** Built once: a formatter is costly to build, and digests ask for thousands of days. */
const PARIS_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Paris at `now`, as a UTC-midnight Date (how `@db.Date` columns store days). */
export function parisDay(now: Date): Date {
  const [year, month, day] = PARIS_DAY.format(now).split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}
