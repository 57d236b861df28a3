/** How long a failed submission of the activation page counts against its link and its client. */
export const ACTIVATION_ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/** Failed submissions one activation link gets per window: enough for typing mistakes. */
export const MAX_FAILED_ATTEMPTS_PER_LINK = 5;

/**
 * Failed submissions one client (address) gets per window, across links: a few people behind the
 * same address activating at once, not someone trying passwords on many links.
 */
export const MAX_FAILED_ATTEMPTS_PER_CLIENT = 20;

/**
 * In how many milliseconds a submission may be judged, given when the failed ones before it within
 * the window were made (any order), or null when it may be now (fewer than `limit` of them). It may
 * once only `limit - 1` are left in the window: when the one that brings them down leaves it.
 */
export function attemptWaitMs(previous: readonly Date[], limit: number, now: Date): number | null {
  if (previous.length < limit) return null;
  const times = previous.map((at) => at.getTime()).sort((a, b) => a - b);
  const freeing = times[previous.length - limit] ?? now.getTime();
  return Math.max(freeing + ACTIVATION_ATTEMPT_WINDOW_MS - now.getTime(), 0);
}

/** The Retry-After of a refused submission: whole seconds, rounded up, one at least. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * What counts as one client: the address the HTTP app sees (with TRUST_PROXY, the one its proxy saw),
 * an IPv4 address written as IPv6 ("::ffff:192.0.2.1") taken as the IPv4 address it is.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return "unknown";
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}
