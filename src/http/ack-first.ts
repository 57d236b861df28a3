import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";

/** When each Slack request reached the app (`track`, the first middleware of Slack's endpoint). */
const arrivals = new WeakMap<IncomingMessage, number>();

/**
 * Date.now() when the Slack request `req` reached the app's HTTP endpoint (before its body was read,
 * its signature checked or its receipt written); undefined for a request `track` did not see.
 */
export function receivedAtOf(req: IncomingMessage): number | undefined {
  return arrivals.get(req);
}

/**
 * Slack waits for the ack of every request, and the person who clicked feels that wait; the work a
 * listener does after its ack (queries, opening a modal) is not in such a hurry. In a burst of
 * clicks, the work of the first ones would otherwise delay the acks of the next ones (one thread).
 * So that work waits until the burst is over: every Slack
 * request received answered, and none received for `quietMs`; for `maxDelayMs` at most, so that a
 * steady stream of requests cannot starve it.
 */
export interface AckFirst {
  /** Express middleware for Slack's endpoint: notes when each request arrived, counts those not answered yet. */
  track: RequestHandler;
  /** Resolves once the Slack requests received are answered and none came for a moment. */
  acksSent(): Promise<void>;
  /**
   * After acksSent, one of the turns of work: at most `concurrentWork` listeners work at once, the
   * others wait in the order they came. Resolves to the release, to call once the work is done; a turn
   * is given back by itself after TURN_MS.
   */
  workTurn(): Promise<() => void>;
}

/**
 * Listeners working at once after a burst. All 200 of a burst at once would each hold their part of
 * the pool and of the heap until the last one is done: every modal would reach Slack at the end of
 * the burst's work, near the 3 s of its trigger_id. A few at a time, the first ones open early, and the
 * queries of a turn do not queue behind everyone else's.
 */
const CONCURRENT_WORK = 8;
/**
 * A turn is given back after this long even if its work goes on (a file upload, a long export): a few
 * slow listeners must not hold every click's modal back.
 */
const TURN_MS = 1000;

export function createAckFirst(
  options: { quietMs?: number; maxDelayMs?: number; concurrentWork?: number; turnMs?: number } = {},
): AckFirst {
  const quietMs = options.quietMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 500;
  const concurrentWork = options.concurrentWork ?? CONCURRENT_WORK;
  const turnMs = options.turnMs ?? TURN_MS;
  let working = 0;
  const waitingForTurn: (() => void)[] = [];
  let unanswered = 0;
  let lastActivity = 0;
  let waiting: (() => void)[] = [];
  let check: NodeJS.Timeout | null = null;

  function releaseWhenQuiet(): void {
    if (check || waiting.length === 0 || unanswered > 0) return;
    const quietFor = performance.now() - lastActivity;
    check = setTimeout(
      () => {
        check = null;
        if (unanswered > 0) return;
        if (performance.now() - lastActivity < quietMs) return releaseWhenQuiet();
        const release = waiting;
        waiting = [];
        for (const resume of release) resume();
      },
      Math.max(0, quietMs - quietFor),
    );
  }

  return {
    track(req, res, next) {
      arrivals.set(req, Date.now());
      unanswered += 1;
      lastActivity = performance.now();
      let counted = true;
      const answered = () => {
        if (!counted) return;
        counted = false;
        unanswered -= 1;
        lastActivity = performance.now();
        releaseWhenQuiet();
      };
      res.once("finish", answered);
      res.once("close", answered);
      next();
    },
    acksSent() {
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, maxDelayMs);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
        releaseWhenQuiet();
      });
    },
    async workTurn() {
      await this.acksSent();
      if (working >= concurrentWork) await new Promise<void>((resolve) => waitingForTurn.push(resolve));
      else working += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(expiry);
        // The turn passes to the next in line, or is given back.
        const next = waitingForTurn.shift();
        if (next) next();
        else working -= 1;
      };
      const expiry = setTimeout(release, turnMs);
      return release;
    },
  };
}

/** What every acknowledging listener (action, view, options, command) receives. */
export type AckArgs = { ack: (...response: never[]) => Promise<void> };

/**
 * The listener, whose `ack` then waits for the other requests' acks and for its turn of work
 * (AckFirst.workTurn) before its work goes on; the turn is released when the listener is done.
 */
export function afterAcks<Args extends AckArgs>(
  workTurn: () => Promise<() => void>,
  listener: (args: Args) => Promise<void>,
): (args: Args) => Promise<void> {
  return async (args) => {
    let release: (() => void) | undefined;
    const ack = async (...response: Parameters<Args["ack"]>) => {
      await args.ack(...response);
      release ??= await workTurn();
    };
    try {
      await listener({ ...args, ack: ack as Args["ack"] });
    } finally {
      release?.();
    }
  };
}
