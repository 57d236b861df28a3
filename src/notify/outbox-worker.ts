import type { PrismaClient } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { OutboxKindName, OutboxPayloads } from "./outbox.ts";

/**
 * A delivery not made: retried with backoff (or after `retryAfterMs`), unless permanent. `paced`
 * marks one held back on purpose (Slack rate limits): rescheduled without counting as a failure.
 */
export class DeliveryError extends Error {
  readonly retryAfterMs: number | null;
  readonly permanent: boolean;
  readonly paced: boolean;

  constructor(
    message: string,
    options: { retryAfterMs?: number | null; permanent?: boolean; paced?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.permanent = options.permanent ?? false;
    this.paced = options.paced ?? false;
  }
}

export type OutboxItem = {
  [K in OutboxKindName]: { id: string; kind: K; payload: OutboxPayloads[K]; attempts: number };
}[OutboxKindName];

/** Makes one delivery; throws (ideally a DeliveryError) when it could not be made. */
export type Deliver = (item: OutboxItem) => Promise<void>;

export interface OutboxWorkerOptions {
  prisma: PrismaClient;
  logger: Logger;
  deliver: Deliver;
  now: () => Date;
  /**
   * How long the worker waits, at most, before looking again when nothing woke it: what it queued
   * itself (`kick`) and what is due later (a retry, a delayed delivery) wake it at their time; this
   * catches the rest (another replica's deliveries left behind by a crash).
   */
  pollMs: number;
  batchSize?: number;
  /** Deliveries made at the same time within a batch. */
  concurrency?: number;
  /** How long a claimed delivery is reserved to this worker before another may take it over. */
  leaseMs?: number;
}

export interface OutboxWorker {
  start(): void;
  /** Looks for work now instead of at the next poll (called after a commit that queued deliveries). */
  kick(): void;
  /** Claims and makes the due deliveries once; returns how many were attempted. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the run in progress. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 10 * 60 * 1000;

/** Exponential backoff from 1 s, capped at 10 minutes, with jitter so replicas do not retry in step. */
export function backoffMs(attempts: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Delivers the outbox: claims due rows with `FOR UPDATE SKIP LOCKED` and a lease (so replicas never
 * take the same delivery and a crashed worker's claim expires), makes each delivery, then marks it
 * delivered or reschedules it. A delivery is retried until it succeeds or fails permanently; nothing
 * is dropped.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { prisma, logger, deliver, now } = options;
  const batchSize = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 120_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let rerun = false;
  let stopped = true;
  /** The soonest delivery this worker held back, in ms: it looks again then rather than at the next poll. */
  let soonestRetryMs = Number.POSITIVE_INFINITY;

  async function claim(): Promise<OutboxItem[]> {
    const at = now();
    return prisma.$queryRaw<OutboxItem[]>`
      UPDATE "OutboxMessage" SET "lockedUntil" = ${new Date(at.getTime() + leaseMs)}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "OutboxMessage"
        WHERE "status" = 'PENDING' AND "availableAt" <= ${at} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${at})
        ORDER BY "createdAt", "id" LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"::text AS "id", "kind"::text AS "kind", "payload", "attempts"`;
  }

  /**
   * When the soonest pending delivery can next be claimed (its retry time, or the end of a crashed
   * worker's lease), or null when none is pending.
   */
  async function nextDueAt(): Promise<Date | null> {
    const [row] = await prisma.$queryRaw<{ at: Date | null }[]>`
      SELECT min(GREATEST("availableAt", COALESCE("lockedUntil", "availableAt"))) AS "at"
      FROM "OutboxMessage" WHERE "status" = 'PENDING'`;
    return row?.at ?? null;
  }

  /** How long to wait before looking again, when nothing is known to be due now. */
  async function idleWaitMs(): Promise<number> {
    const dueAt = await nextDueAt();
    const untilDue = dueAt === null ? Number.POSITIVE_INFINITY : dueAt.getTime() - now().getTime();
    // A few ms late, so that the delivery is due when the worker looks.
    return Math.max(0, Math.min(options.pollMs, soonestRetryMs + 5, untilDue + 5));
  }

  async function settle(item: OutboxItem, error: unknown): Promise<void> {
    if (error === null) {
      await prisma.outboxMessage.update({
        where: { id: item.id },
        data: { status: "DONE", deliveredAt: now(), lockedUntil: null, lastError: null },
      });
      return;
    }
    const failure = error instanceof DeliveryError ? error : null;
    const message = error instanceof Error ? error.message : String(error);
    if (failure?.permanent) {
      logger.error({ outboxId: item.id, kind: item.kind, err: error }, "delivery failed permanently");
      await prisma.outboxMessage.update({
        where: { id: item.id },
        data: { status: "FAILED", lockedUntil: null, lastError: message },
      });
      return;
    }
    const delay = failure?.retryAfterMs ?? backoffMs(item.attempts);
    soonestRetryMs = Math.min(soonestRetryMs, delay);
    // A paced delivery was held back on purpose: it is neither a failure nor an attempt.
    if (!failure?.paced) {
      logger.warn(
        { outboxId: item.id, kind: item.kind, attempts: item.attempts, delayMs: delay, err: message },
        "delivery will be retried",
      );
    }
    await prisma.outboxMessage.update({
      where: { id: item.id },
      data: {
        availableAt: new Date(now().getTime() + delay),
        lockedUntil: null,
        ...(failure?.paced ? { attempts: { decrement: 1 } } : { lastError: message }),
      },
    });
  }

  async function deliverOne(item: OutboxItem): Promise<void> {
    let failure: unknown = null;
    try {
      await deliver(item);
    } catch (error) {
      failure = error;
    }
    await settle(item, failure);
  }

  async function runOnce(): Promise<number> {
    const items = await claim();
    // A few deliveries at once: they wait mostly on Slack and SMTP, not on this process.
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let item = items[next++]; item; item = items[next++]) await deliverOne(item);
    });
    await Promise.all(lanes);
    return items.length;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, delayMs);
  }

  function loop(): void {
    timer = null;
    if (running) {
      rerun = true;
      return;
    }
    // Resolves to how long to wait before the next run; stop() waits for all of it.
    const cycle = runOnce()
      // A full batch likely means more is due: go on at once rather than after a wait.
      .then((count) => (count >= batchSize ? 0 : idleWaitMs()))
      .catch((error) => {
        logger.error({ err: error }, "outbox run failed");
        return Math.min(options.pollMs, soonestRetryMs + 5);
      });
    running = cycle;
    void cycle.then((wait) => {
      running = null;
      // Kicked while it ran: what woke it may have been queued after the claim.
      const again = rerun;
      rerun = false;
      soonestRetryMs = Number.POSITIVE_INFINITY;
      schedule(again ? 0 : wait);
    });
  }

  return {
    start() {
      stopped = false;
      schedule(0);
    },
    kick() {
      if (!stopped) schedule(0);
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => 0);
    },
  };
}
