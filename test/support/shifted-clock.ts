/**
 * Preloaded in an app process (`node --import tsx --import ./test/support/shifted-clock.ts`) to move
 * its wall clock by TEST_CLOCK_OFFSET_MS: `Date.now()` and `new Date()` read later, everything else
 * (timers, cron's scheduling, which works from `new Date()`) runs as usual. For the tests whose child
 * process must live on a working day whatever day the suite runs.
 */
const offsetMs = Number(process.env.TEST_CLOCK_OFFSET_MS ?? 0);

if (offsetMs !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
