/** Built once: a formatter is costly to build, and digests ask for thousands of days. */
const PARIS_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

const HOUR_MS = 60 * 60 * 1000;
/** Entries kept by byParisHour's memo before it starts afresh: a few months of distinct hours. */
const MEMO_HOURS = 4096;

/**
 * `compute` memoised by UTC hour, for values that depend on the Paris calendar day only: Paris's
 * offset is a whole number of hours and changes on the hour, so every instant of one UTC hour falls
 * on the same Paris day. Formatting is what a digest of 100,000 requests spends most of its time on.
 */
export function byParisHour<T>(compute: (instant: Date) => T): (instant: Date) => T {
  const memo = new Map<number, T>();
  return (instant) => {
    const hour = Math.floor(instant.getTime() / HOUR_MS);
    const known = memo.get(hour);
    if (known !== undefined) return known;
    if (memo.size >= MEMO_HOURS) memo.clear();
    const value = compute(instant);
    memo.set(hour, value);
    return value;
  };
}

const parisDayTime = byParisHour((instant) => {
  const [year, month, day] = PARIS_DAY.format(instant).split("-").map(Number);
  return Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
});

/** The calendar day in Paris at `now`, as a UTC-midnight Date (how `@db.Date` columns store days). */
export function parisDay(now: Date): Date {
  return new Date(parisDayTime(now));
}
