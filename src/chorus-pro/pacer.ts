/**
 * Keeps this process's calls to PISTE within its quotas: at most `concurrency` at a time, each
 * starting `minIntervalMs` after the previous one started. Calls wait their turn in order.
 */
export interface Pacer {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export interface PaceOptions {
  /** Least time between the starts of two calls (PISTE counts calls per second). */
  minIntervalMs: number;
  /** Calls under way at once. */
  concurrency: number;
}

export const DEFAULT_PACE: PaceOptions = { minIntervalMs: 100, concurrency: 1 };

export function createPacer(
  options: PaceOptions,
  sleep: (ms: number) => Promise<void>,
  clock: () => number = () => performance.now(),
): Pacer {
  const concurrency = Math.max(1, options.concurrency);
  let running = 0;
  const waiting: (() => void)[] = [];
  let nextStartAt = Number.NEGATIVE_INFINITY;

  async function acquire(): Promise<void> {
    if (running < concurrency) running += 1;
    // The slot passes from the call that ends to the first one waiting (running stays the same).
    else await new Promise<void>((resolve) => waiting.push(resolve));
    const now = clock();
    const startAt = Math.max(now, nextStartAt);
    // Booked before waiting, so that the next call counts from this one's start.
    nextStartAt = startAt + options.minIntervalMs;
    if (startAt > now) await sleep(startAt - now);
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
