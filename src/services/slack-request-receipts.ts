import type { PrismaClient } from "../db/database.ts";
import type { ServiceContext } from "./context.ts";

/**
 * Records that signed Slack requests were accepted, keyed by their signature, for the replay guard:
 * `record` resolves false when that signature was already recorded (by this replica or another), i.e.
 * the same signed request sent again. One `INSERT … ON CONFLICT DO NOTHING RETURNING` at a time: the
 * signatures that arrive while it runs (a burst of clicks) all go into the next one, so that a burst
 * costs a few statements, not one per request, on a database that serves one at a time. Two replicas
 * racing on a replay cannot both accept it (nor two copies within one statement: only the first is
 * returned).
 */
export interface ReceiptRecorder {
  /** Resolves true the first time `signature` is recorded, false for the same one again. */
  record(signature: string, receivedAt: Date): Promise<boolean>;
}

export function createReceiptRecorder(prisma: PrismaClient): ReceiptRecorder {
  type Pending = { signature: string; resolve: (first: boolean) => void; reject: (error: unknown) => void };
  let waiting: Pending[] = [];
  let waitingSince = new Date(0);
  let inFlight = false;

  async function insert(items: Pending[], receivedAt: Date): Promise<void> {
    const signatures = items.map((item) => item.signature);
    const inserted = await prisma.$queryRaw<{ signature: string }[]>`
      INSERT INTO "SlackRequestReceipt" ("signature", "receivedAt")
      SELECT "signature", ${receivedAt} FROM unnest(${signatures}::text[]) AS "signature"
      ON CONFLICT DO NOTHING
      RETURNING "signature"`;
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

  return {
    record(signature, receivedAt) {
      return new Promise((resolve, reject) => {
        if (waiting.length === 0) {
          waitingSince = receivedAt;
          // The requests already read by this turn of the event loop join the statement.
          if (!inFlight) setImmediate(flush);
        }
        waiting.push({ signature, resolve, reject });
      });
    },
  };
}

/** The signatures an embedded database's process has seen, by client: the replicas of a test share one. */
const seenByClient = new WeakMap<PrismaClient, Promise<Map<string, number>>>();

/**
 * For the embedded database, which one process holds (its directory is locked): the signatures of
 * the last `windowMs` are known in memory (loaded from the table once), so a replay is told at once
 * and a click's ack does not wait for PGlite, which runs on the app's own thread. Each new signature
 * is still written to the table so that a restart knows it, once `writeWhen` resolves (after the
 * burst's acks: PGlite's work would otherwise slow them down): only a crash in between would forget it.
 */
export function createInProcessReceiptRecorder(
  prisma: PrismaClient,
  options: {
    windowMs: number;
    now: () => number;
    writeWhen: () => Promise<void>;
    onBackgroundError: (error: unknown) => void;
  },
): ReceiptRecorder {
  const writer = createReceiptRecorder(prisma);
  function loadSeen(): Promise<Map<string, number>> {
    const loaded = seenByClient.get(prisma);
    if (loaded) return loaded;
    const loading = prisma.slackRequestReceipt
      .findMany({ where: { receivedAt: { gte: new Date(options.now() - options.windowMs) } } })
      .then((rows) => new Map(rows.map((row) => [row.signature, row.receivedAt.getTime()])));
    seenByClient.set(prisma, loading);
    // A failed load is not kept: that request gets a 500, the next one loads again.
    loading.catch(() => {
      if (seenByClient.get(prisma) === loading) seenByClient.delete(prisma);
    });
    return loading;
  }
  // Loaded now rather than on the first click.
  loadSeen().catch(options.onBackgroundError);
  let lastSweep = options.now();

  return {
    async record(signature, receivedAt) {
      const known = await loadSeen();
      // Forgets, now and then, the signatures past the window (Slack refuses their timestamps anyway).
      if (receivedAt.getTime() - lastSweep > options.windowMs) {
        lastSweep = receivedAt.getTime();
        for (const [old, at] of known) if (at < lastSweep - options.windowMs) known.delete(old);
      }
      if (known.has(signature)) return false;
      known.set(signature, receivedAt.getTime());
      options
        .writeWhen()
        .then(() => writer.record(signature, receivedAt))
        .catch(options.onBackgroundError);
      return true;
    },
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
