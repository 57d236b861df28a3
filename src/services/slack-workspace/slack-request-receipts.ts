import type { Database, PrismaClient } from "../../db/database.ts";
import type { ServiceContext } from "../context.ts";

/** A signed Slack request's receipt, as the replay guard and the listeners read it. */
export interface SlackRequestReceipt {
  /**
   * Resolves false for a replay this replica knows of at once, true otherwise. On PostgreSQL, a copy
   * sent to another replica within milliseconds of the original may not be known there yet: only
   * `first` tells it for sure.
   */
  readonly firstAsFarAsKnown: Promise<boolean>;
  /** Resolves true once the receipt is written as the first of its signature, false for a replay. */
  readonly first: Promise<boolean>;
}

/**
 * Records that signed Slack requests were accepted, keyed by their signature, for the replay guard:
 * the same signed request sent again (within Slack's 5-minute window, to any replica) is a replay.
 */
export interface ReceiptRecorder {
  record(signature: string, receivedAt: Date): SlackRequestReceipt;
  /** Stops listening to the other replicas' receipts (PostgreSQL). */
  close(): Promise<void>;
}

/** The channel on which each receipt written is announced to the replicas (its signature). */
export const RECEIPTS_CHANNEL = "slack_request_receipts";

/**
 * Writes receipts: resolves true the first time a signature is written, false for the same one again.
 * One `INSERT … ON CONFLICT DO NOTHING RETURNING` at a time: the signatures that arrive while it runs
 * (a burst of clicks) all go into the next one, so that a burst costs a few statements, not one per
 * request, on a database that serves one at a time. Two replicas racing on a replay cannot both write
 * it (nor two copies within one statement: only the first is returned). Each signature written is
 * announced on RECEIPTS_CHANNEL when the statement commits.
 */
function createReceiptWriter(
  prisma: PrismaClient,
): (signature: string, receivedAt: Date) => Promise<boolean> {
  type Pending = { signature: string; resolve: (first: boolean) => void; reject: (error: unknown) => void };
  let waiting: Pending[] = [];
  let waitingSince = new Date(0);
  let inFlight = false;

  async function insert(items: Pending[], receivedAt: Date): Promise<void> {
    const signatures = items.map((item) => item.signature);
    // pg_notify returns void, which the driver adapter cannot read: cast to text ('').
    const inserted = await prisma.$queryRaw<{ signature: string }[]>`
      WITH "inserted" AS (
        INSERT INTO "SlackRequestReceipt" ("signature", "receivedAt")
        SELECT "signature", ${receivedAt} FROM unnest(${signatures}::text[]) AS "signature"
        ON CONFLICT DO NOTHING
        RETURNING "signature")
      SELECT "signature", pg_notify(${RECEIPTS_CHANNEL}, "signature")::text AS "announced" FROM "inserted"`;
    const firsts = new Set(inserted.map((row) => row.signature));
    for (const item of items) item.resolve(firsts.delete(item.signature));
  }

  function flush(): void {
    if (inFlight || waiting.length === 0) return;
    const items = waiting;
    waiting = [];
    inFlight = true;
    insert(items, waitingSince)
      .catch((error: unknown) => {
        for (const item of items) item.reject(error);
      })
      .finally(() => {
        inFlight = false;
        flush();
      });
  }

  return (signature, receivedAt) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) {
        waitingSince = receivedAt;
        // The requests already read by this turn of the event loop join the statement.
        if (!inFlight) setImmediate(flush);
      }
      waiting.push({ signature, resolve, reject });
    });
}

/** The signatures received in the last `windowMs` (Slack refuses older timestamps anyway). */
class RecentSignatures {
  private readonly receivedAt = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly windowMs: number) {}

  has(signature: string): boolean {
    return this.receivedAt.has(signature);
  }

  add(signature: string, atMs: number): void {
    // Forgets, now and then, the signatures past the window.
    if (atMs - this.lastSweep > this.windowMs) {
      this.lastSweep = atMs;
      for (const [old, at] of this.receivedAt) if (at < atMs - this.windowMs) this.receivedAt.delete(old);
    }
    this.receivedAt.set(signature, atMs);
  }

  delete(signature: string): void {
    this.receivedAt.delete(signature);
  }
}

/** The receipts written since `since`. */
async function readRecentReceipts(prisma: PrismaClient, since: Date, into: RecentSignatures): Promise<void> {
  const rows = await prisma.slackRequestReceipt.findMany({ where: { receivedAt: { gte: since } } });
  for (const row of rows) into.add(row.signature, row.receivedAt.getTime());
}

interface RecorderOptions {
  windowMs: number;
  now: () => number;
}

/**
 * For every replica (one or several on one database): each receipt is written to the shared table (its answer is `first`),
 * and each replica also keeps the signatures of the last `windowMs` in memory: its own, the table's
 * when it starts listening, and the other replicas' as they announce them on RECEIPTS_CHANNEL. A
 * signature in memory is a replay at once; an unknown one is new as far as the replica knows, so a
 * click's ack need not wait for the database. Only while the replica listens and has loaded the table:
 * otherwise an unknown signature waits for its write.
 */
export function createSharedReceiptRecorder(
  prisma: PrismaClient,
  options: RecorderOptions & {
    listen: NonNullable<Database["listen"]>;
    /** The notification session was lost, or the table not read after it (both are tried again). */
    onListeningLost: (error: unknown) => void;
  },
): ReceiptRecorder {
  const write = createReceiptWriter(prisma);
  const recent = new RecentSignatures(options.windowMs);
  // Whether `recent` holds every receipt of the window: only while the notification session listens.
  let complete = false;
  const notifications = options.listen(RECEIPTS_CHANNEL, {
    // Listening first, then reading: a receipt written in between is heard, read, or both.
    catchUp: () => readRecentReceipts(prisma, new Date(options.now() - options.windowMs), recent),
    onListening() {
      complete = true;
    },
    onNotification(signature) {
      recent.add(signature, options.now());
    },
    onLost(error) {
      complete = false;
      options.onListeningLost(error);
    },
  });

  return {
    record(signature, receivedAt) {
      if (recent.has(signature)) {
        const replay = Promise.resolve(false);
        return { first: replay, firstAsFarAsKnown: replay };
      }
      recent.add(signature, receivedAt.getTime());
      const first = write(signature, receivedAt);
      // A receipt that could not be written is none: the same request may come again.
      first.catch(() => recent.delete(signature));
      return { first, firstAsFarAsKnown: complete ? Promise.resolve(true) : first };
    },
    close: () => notifications.close(),
  };
}

/** Forgets the receipts received before `before`: their timestamps are past Slack's 5-minute window. */
export async function purgeSlackRequestReceipts(
  ctx: Pick<ServiceContext, "prisma">,
  before: Date,
): Promise<number> {
  const { count } = await ctx.prisma.slackRequestReceipt.deleteMany({
    where: { receivedAt: { lt: before } },
  });
  return count;
}
