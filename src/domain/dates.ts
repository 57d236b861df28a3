/** The calendar day in Paris at `now`, as a UTC-midnight Date (how `@db.Date` columns store days). */
export function parisDay(now: Date): Date {
  const [year, month, day] = now
    .toLocaleDateString("en-CA", {
      timeZone: "Europe/Paris",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    })
    .split("-")
    .map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}
