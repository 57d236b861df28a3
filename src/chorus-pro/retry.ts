/**
 * When to try a PISTE request again: after a 429 (as long as its Retry-After says), a 5xx, a timeout
 * or a network error, a few times, each wait longer than the last and jittered so that the replicas
 * do not come back together.
 */
export interface RetryOptions {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** The wait after the first failure; it doubles after each one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails at once (unreachable). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 30_000,
};

/** Why a request is worth trying again (the metrics' label too). */
export type RetryReason = "rate_limited" | "server_error" | "timeout" | "network";

/** The wait before attempt `attempt + 1` ("equal jitter": between half and all of the exponential delay). */
export function backoffDelay(
  options: RetryOptions,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Retry-After in milliseconds: seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === "") return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}
