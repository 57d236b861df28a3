import { backoffDelay, isTimeout, type RetryOptions, type RetryReason, retryAfterMs } from "./retry.ts";

/** An HTTP answer, its body parsed when it is JSON (null otherwise). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** PISTE could not be reached: every attempt timed out, failed, was rate limited or answered 5xx. */
export class TransportFailure extends Error {
  constructor(
    readonly reason: RetryReason,
    readonly status: number | null,
  ) {
    super(`PISTE unreachable: ${reason}${status === null ? "" : ` (HTTP ${status})`}`);
    this.name = "TransportFailure";
  }
}

/** What one attempt got back, its body read whole (within the attempt's timeout). */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** fetch, its body read: a server that hangs after its headers times out like one that never answers. */
export async function fetchText(url: string, init: RequestInit): Promise<RawAnswer> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export interface TransportOptions {
  retry: RetryOptions;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  random?: () => number;
  /** Told of each retry before its wait (logs, metrics). */
  onRetry?: (retry: { reason: RetryReason; status: number | null; attempt: number; delayMs: number }) => void;
}

/**
 * Sends a request until it gets an answer that is not a 429 nor a 5xx, trying again after timeouts
 * and network errors; `attempt` sends once (the pacer wraps it) and gets its own timeout signal.
 */
export async function sendWithRetries(
  attempt: (signal: AbortSignal) => Promise<RawAnswer>,
  options: TransportOptions,
): Promise<HttpAnswer> {
  for (let number = 1; ; number += 1) {
    let failure: { reason: RetryReason; status: number | null; waitMs: number | null };
    try {
      const signal = AbortSignal.timeout(options.timeoutMs);
      const response = await attempt(signal);
      if (response.status === 429) {
        failure = {
          reason: "rate_limited",
          status: 429,
          waitMs: retryAfterMs(response.headers.get("retry-after"), options.now()),
        };
      } else if (response.status >= 500) {
        failure = { reason: "server_error", status: response.status, waitMs: null };
      } else {
        return { status: response.status, body: parseJson(response.text) };
      }
    } catch (error) {
      failure = { reason: isTimeout(error) ? "timeout" : "network", status: null, waitMs: null };
    }
    if (number >= options.retry.attempts) throw new TransportFailure(failure.reason, failure.status);
    // PISTE's Retry-After is honoured; one longer than we may wait ends the call now rather than later.
    if (failure.waitMs !== null && failure.waitMs > options.retry.maxRetryAfterMs)
      throw new TransportFailure(failure.reason, failure.status);
    const delayMs = failure.waitMs ?? backoffDelay(options.retry, number, options.random);
    options.onRetry?.({ reason: failure.reason, status: failure.status, attempt: number, delayMs });
    await options.sleep(delayMs);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
