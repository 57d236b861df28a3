import type { IncomingMessage } from "node:http";
import type { Gauge } from "prom-client";
import getRawBody from "raw-body";

/**
 * What a request to /slack/events can make the process hold before its signature is checked. Slack's
 * largest request is a modal's submission, the whole view in it: a view is at most 100 blocks, a few
 * hundred kB URL-encoded, well under a megabyte (Bolt reads up to 4 MB).
 */
export interface SlackBodyLimits {
  /** One request's body. */
  bodyBytes: number;
  /** All the bodies being read or not yet verified, together. */
  unverifiedBytes: number;
  /** How long a body may take to arrive: Slack sends it at once, a client trickling it holds memory. */
  readMs: number;
}

export const SLACK_BODY_LIMITS: SlackBodyLimits = {
  bodyBytes: 1024 * 1024,
  unverifiedBytes: 32 * 1024 * 1024,
  readMs: 10_000,
};

export type UnverifiedBodyRefusal = "too_large" | "over_budget" | "read_timeout" | "aborted";

const STATUS: Record<UnverifiedBodyRefusal, number> = {
  too_large: 413,
  // The others' bodies fill the budget: Slack retries an event; a person clicks again.
  over_budget: 503,
  read_timeout: 408,
  aborted: 400,
};

/** A body not read: the request is answered `status` (a 503 with Retry-After), never handed on. */
export class UnverifiedBodyError extends Error {
  readonly reason: UnverifiedBodyRefusal;
  readonly status: number;
  readonly retryAfterSeconds: number | null;

  constructor(reason: UnverifiedBodyRefusal, cause?: unknown) {
    super(`Slack request body refused: ${reason}`, { cause });
    this.name = "UnverifiedBodyError";
    this.reason = reason;
    this.status = STATUS[reason];
    this.retryAfterSeconds = reason === "over_budget" ? 1 : null;
  }
}

export interface SlackBodyReader {
  /**
   * Reads the body, its bytes counted against the budget until `release` (once its signature is
   * checked); throws an UnverifiedBodyError when a limit refuses it.
   */
  read(req: IncomingMessage): Promise<{ body: Buffer; release(): void }>;
}

/**
 * The reader of Slack's request bodies, with `limits` for the whole process; `held` shows the bytes
 * reserved (a body's declared length, or the most one may hold when it declares none).
 */
export function createSlackBodyReader(
  held: Gauge,
  limits: SlackBodyLimits = SLACK_BODY_LIMITS,
): SlackBodyReader {
  let reserved = 0;
  return {
    async read(req) {
      const header = req.headers["content-length"];
      // Node's parser has checked the header: a number when present.
      const declared = header === undefined ? undefined : Number(header);
      if (declared !== undefined && declared > limits.bodyBytes) throw new UnverifiedBodyError("too_large");
      const bytes = declared ?? limits.bodyBytes;
      if (reserved + bytes > limits.unverifiedBytes) throw new UnverifiedBodyError("over_budget");
      reserved += bytes;
      held.inc(bytes);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        reserved -= bytes;
        held.dec(bytes);
      };
      let timedOut = false;
      const deadline = setTimeout(() => {
        timedOut = true;
        req.socket.destroy();
      }, limits.readMs);
      try {
        const body = await getRawBody(req, { limit: limits.bodyBytes, length: declared });
        return { body, release };
      } catch (error) {
        release();
        if (timedOut) throw new UnverifiedBodyError("read_timeout", error);
        const type = (error as { type?: unknown }).type;
        if (type === "entity.too.large") throw new UnverifiedBodyError("too_large", error);
        throw new UnverifiedBodyError("aborted", error);
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
