/**
 * Slack shows the user an error when an interaction is not acknowledged within 3 seconds. Work done
 * before the ack (a decision, so that bad input comes back as field errors) is given this long; under
 * load (many submissions on one database) it is acknowledged as pending and finished after.
 */
export const ACK_DEADLINE_MS = 2000;

/** How `work` ended if it ended within `ms`; null if it is still running (it goes on). */
export async function settledWithin<T>(
  work: Promise<T>,
  ms = ACK_DEADLINE_MS,
): Promise<PromiseSettledResult<T> | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const settled = work.then(
    (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: "rejected", reason }),
  );
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
