import type { PrismaClient } from "../../db/database.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import { DeliveryError } from "../../notify/outbox-worker.ts";

/** Calls per minute of Slack's rate limit tiers, per method and workspace (docs.slack.dev, "Rate limits"). */
const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

interface MethodLimit {
  tier?: keyof typeof TIER_PER_MINUTE;
  /** Slack's "about one message per second per channel", shared by every method posting in it. */
  perChannel?: true;
  /**
   * Identity lookups, which Slack listeners make too: a short wait is spent in place rather than
   * failing a manager's click.
   */
  waitsInPlace?: true;
}

/**
 * The limits of the methods the deliveries call, as each method's page states them. The "special"
 * ones have no tier: chat.postMessage keeps to its channels' pace (its workspace-wide ceiling is not
 * published), chat.getPermalink and auth.test have unpublished, generous ones; a 429 on any method is
 * honoured all the same.
 */
export const SLACK_METHOD_LIMITS: Readonly<Record<string, MethodLimit>> = {
  "chat.postMessage": { perChannel: true },
  "chat.update": { tier: 3, perChannel: true },
  "chat.postEphemeral": { tier: 4, perChannel: true },
  "conversations.open": { tier: 3 },
  "views.publish": { tier: 4 },
  "users.info": { tier: 4, waitsInPlace: true },
  "users.lookupByEmail": { tier: 3, waitsInPlace: true },
  "files.getUploadURLExternal": { tier: 4 },
  "files.completeUploadExternal": { tier: 4 },
};

/**
 * Kept a little under Slack's limits, since the calls reach Slack a moment after they are let
 * through. A tier's budget is a minute's: 5 % under it leaves some seconds of slack for a call's
 * delay, and a bulk decision's updates go at 0.95x the tier. A channel's is a second's: 15 % under
 * (1.18 s between messages) leaves room for a call delayed on a busy machine.
 */
const TIER_SAFETY = 0.95;
const CHANNEL_SAFETY = 0.85;
/** A call whose turn comes within this much goes now: a delivery coming back is rarely exactly on time. */
const EARLY_MS = 50;
/**
 * How far past its own wait a caller sent away may be given its turn: enough to stagger a burst on
 * one channel, short enough that turns promised to deliveries that never come back (made by another
 * replica meanwhile) cost little.
 */
const MAX_SPREAD_MS = 1000;
/** The longest a `waitsInPlace` call waits in place; beyond, it is paced like the others. */
const MAX_WAIT_IN_PLACE_MS = 2000;

/** One Web API call as the limiter sees it. */
export interface SlackCall {
  method: string;
  /** The conversation it posts in, if any. */
  channel?: string;
  /** The workspace it goes to, when the app serves several (limits are per workspace). */
  workspace?: string;
}

export interface SlackRateLimiter {
  /**
   * Lets the call through now, or throws a paced DeliveryError saying when to come back: the outbox
   * reschedules the delivery without calling Slack and without counting a failure.
   */
  awaitTurn(call: SlackCall): Promise<void>;
  /** Slack answered 429: holds the method (or channel) on every replica until Retry-After has passed. */
  rateLimited(call: SlackCall, retryAfterMs: number): Promise<void>;
}

/** A token bucket, plus when Slack said to stop and the end of the turns promised to callers sent away. */
interface Bucket {
  capacity: number;
  perMs: number;
  tokens: number;
  at: number;
  blockedUntil: number;
  queueEnd: number;
}

export interface SlackRateLimiterOptions {
  prisma: PrismaClient;
  logger: Logger;
  metrics: Pick<Metrics, "slackRateLimited">;
  /** Wall-clock milliseconds: Slack's limits run on real time, whatever clock the app is given. */
  now: () => number;
  /**
   * Multiplies the tiers' sustained rates, not their bursts (Slack grants some workspaces more; tests
   * run against a faster fake).
   */
  tierRateFactor?: number;
  /** How old the copy of the shared 429 table may get before a call reads it again. */
  refreshMs?: number;
  /**
   * Whether the turns of each channel and of each tiered method are also taken in the shared SlackTurn
   * table (PostgreSQL, where several replicas call Slack for one app) rather than in this process's
   * memory alone.
   */
  shareTurns?: boolean;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stands for "no published limit": such a method is only held back by a 429. */
const UNPUBLISHED_PER_MINUTE = 1_000_000;

/** Rows of the shared table are kept a minute after they expire, then deleted by whoever passes. */
const PURGE_AFTER_MS = 60_000;

/**
 * Spaces the delivery calls to Slack per channel and per method, as Slack's published limits allow
 * (bursts included), so that a burst of deliveries is made at Slack's pace instead of drawing 429s.
 * A 429 that still comes (another app, an unpublished limit) is written to the shared SlackRateLimit
 * table, which every replica reads back at most every `refreshMs`. Nothing is dropped: a call that
 * must wait becomes a paced delivery the outbox brings back when its turn comes.
 */
export function createSlackRateLimiter(options: SlackRateLimiterOptions): SlackRateLimiter {
  const { prisma, logger, now } = options;
  const factor = options.tierRateFactor ?? 1;
  const refreshMs = options.refreshMs ?? 500;
  const methods = new Map<string, Bucket>();
  const channels = new Map<string, Bucket>();
  let syncedAt = Number.NEGATIVE_INFINITY;
  let purgedAt = Number.NEGATIVE_INFINITY;
  let syncing: Promise<void> | null = null;

  /** `burst` calls at once, then `rate` per `windowMs`, both kept `safety` times Slack's. */
  function newBucket(burst: number, rate: number, windowMs: number, safety: number): Bucket {
    const capacity = Math.max(1, Math.floor(burst * safety));
    return {
      capacity,
      perMs: (rate * safety) / windowMs,
      tokens: capacity,
      at: now(),
      blockedUntil: 0,
      queueEnd: 0,
    };
  }

  function methodKey(call: SlackCall): string {
    return call.workspace ? `${call.workspace}/${call.method}` : call.method;
  }

  /** The bucket of a method ("T…/method" when per workspace): its tier's, or unlimited until blocked. */
  function methodBucket(key: string): Bucket {
    let bucket = methods.get(key);
    if (!bucket) {
      const tier = SLACK_METHOD_LIMITS[key.slice(key.indexOf("/") + 1)]?.tier;
      const perMinute = tier ? TIER_PER_MINUTE[tier] : UNPUBLISHED_PER_MINUTE;
      bucket = newBucket(perMinute, perMinute * factor, 60_000, TIER_SAFETY);
      methods.set(key, bucket);
    }
    return bucket;
  }

  function channelBucket(channel: string): Bucket {
    let bucket = channels.get(channel);
    if (!bucket) {
      bucket = newBucket(1, 1, 1000, CHANNEL_SAFETY);
      channels.set(channel, bucket);
    }
    return bucket;
  }

  function bucketsOf(call: SlackCall): Bucket[] {
    const buckets = [methodBucket(methodKey(call))];
    if (SLACK_METHOD_LIMITS[call.method]?.perChannel && call.channel)
      buckets.push(channelBucket(call.channel));
    return buckets;
  }

  function refill(bucket: Bucket, at: number): void {
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (at - bucket.at) * bucket.perMs);
    bucket.at = at;
  }

  function waitOf(bucket: Bucket, at: number): number {
    const forToken = bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / bucket.perMs;
    return Math.max(bucket.blockedUntil - at, forToken);
  }

  function block(bucket: Bucket, until: number): void {
    refill(bucket, now());
    bucket.blockedUntil = Math.max(bucket.blockedUntil, until);
    // Slack's window is spent: start again from an empty bucket rather than a full burst.
    bucket.tokens = Math.min(bucket.tokens, 0);
  }

  /** Applies a shared-table key: "method" holds the method, "method:channel" the channel. */
  function blockKey(key: string, until: number): void {
    const separator = key.indexOf(":");
    block(separator < 0 ? methodBucket(key) : channelBucket(key.slice(separator + 1)), until);
  }

  /** Keys the shared table holds for a 429 on that call. */
  function blockedKeysOf(call: SlackCall): string[] {
    const limit = SLACK_METHOD_LIMITS[call.method];
    const keys: string[] = [];
    if (limit?.perChannel && call.channel) keys.push(`${methodKey(call)}:${call.channel}`);
    if (!limit?.perChannel || limit.tier) keys.push(methodKey(call));
    return keys;
  }

  async function readSharedTable(): Promise<void> {
    const at = now();
    try {
      const rows = await prisma.slackRateLimit.findMany({ where: { blockedUntil: { gt: new Date(at) } } });
      for (const row of rows) blockKey(row.key, row.blockedUntil.getTime());
      if (at - purgedAt >= PURGE_AFTER_MS) {
        purgedAt = at;
        await prisma.slackRateLimit.deleteMany({
          where: { blockedUntil: { lt: new Date(at - PURGE_AFTER_MS) } },
        });
      }
    } catch (error) {
      // The local limits still hold; Slack's next 429 says the rest.
      logger.warn({ err: error }, "shared Slack rate limits not read");
    } finally {
      syncedAt = at;
    }
  }

  /**
   * The buckets of a call whose turns the replicas share, each with its key in the shared table. Not
   * the identity lookups': a manager's click waiting on one must not be sent away for another
   * replica's turn (they are few, and cached); a 429 still holds them everywhere.
   */
  function sharedTurnsOf(call: SlackCall): { key: string; bucket: Bucket }[] {
    if (!options.shareTurns) return [];
    const limit = SLACK_METHOD_LIMITS[call.method];
    const prefix = call.workspace ? `${call.workspace}/` : "";
    const turns: { key: string; bucket: Bucket }[] = [];
    if (limit?.tier && !limit.waitsInPlace)
      turns.push({ key: `${prefix}method:${call.method}`, bucket: methodBucket(methodKey(call)) });
    if (limit?.perChannel && call.channel)
      turns.push({ key: `${prefix}channel:${call.channel}`, bucket: channelBucket(call.channel) });
    return turns;
  }

  /**
   * Takes a turn in the shared table if one is free, in one statement, so that two replicas never both
   * take the last one; otherwise says in how many ms the next one comes. The table holds, per key, the
   * time by which every turn taken so far is paid back at the bucket's rate: a turn is free while that
   * time is less than a full bucket ahead (a burst, then a steady pace, as this process's buckets).
   * Null when the turn is taken (or the table cannot be reached: this process's pacing still holds).
   */
  async function takeSharedTurn(key: string, bucket: Bucket, at: number): Promise<number | null> {
    const spacingMs = 1 / bucket.perMs;
    const burstMs = (bucket.capacity - 1) * spacingMs;
    try {
      const taken = await prisma.$queryRaw<{ nextTurnAt: Date }[]>`
        INSERT INTO "SlackTurn" AS "turn" ("key", "nextTurnAt")
        VALUES (${key}, ${new Date(at + spacingMs)})
        ON CONFLICT ("key") DO UPDATE
        SET "nextTurnAt" = GREATEST("turn"."nextTurnAt", ${new Date(at)}) + ${spacingMs}::float8 * INTERVAL '1 millisecond'
        WHERE "turn"."nextTurnAt" <= ${new Date(at + burstMs + EARLY_MS)}
        RETURNING "nextTurnAt"`;
      if (taken.length > 0) return null;
      const turn = await prisma.slackTurn.findUnique({ where: { key } });
      // Refused, so more than EARLY_MS away (the row cannot have gone back since).
      return Math.max(EARLY_MS + 1, (turn?.nextTurnAt.getTime() ?? at) - burstMs - at);
    } catch (error) {
      // Slack's 429, if any, says the rest.
      logger.warn({ err: error, key }, "shared Slack turn not taken");
      return null;
    }
  }

  /**
   * Takes the call's shared turns, method first (a wasted method turn costs a fraction of a burst, a
   * wasted channel turn a second of that channel). False when one is refused: this process's bucket
   * then holds its other callers until that turn.
   */
  async function takeSharedTurns(call: SlackCall, at: number): Promise<boolean> {
    for (const { key, bucket } of sharedTurnsOf(call)) {
      const wait = await takeSharedTurn(key, bucket, at);
      if (wait !== null) {
        bucket.blockedUntil = Math.max(bucket.blockedUntil, at + wait);
        return false;
      }
    }
    return true;
  }

  async function sync(): Promise<void> {
    if (now() - syncedAt < refreshMs) return;
    syncing ??= readSharedTable().finally(() => {
      syncing = null;
    });
    await syncing;
  }

  return {
    async awaitTurn(call) {
      await sync();
      let at = now();
      const buckets = bucketsOf(call);
      for (const bucket of buckets) refill(bucket, at);
      let waits = buckets.map((bucket) => waitOf(bucket, at));
      const longest = Math.max(...waits);
      if (
        SLACK_METHOD_LIMITS[call.method]?.waitsInPlace &&
        longest > EARLY_MS &&
        longest <= MAX_WAIT_IN_PLACE_MS
      ) {
        await sleep(longest);
        at = now();
        for (const bucket of buckets) refill(bucket, at);
        waits = buckets.map((bucket) => waitOf(bucket, at));
      }
      if (waits.every((wait) => wait <= EARLY_MS)) {
        // Taken here before the shared table is asked, so that this process's other callers wait.
        for (const bucket of buckets) bucket.tokens -= 1;
        if (await takeSharedTurns(call, at)) return;
        // Other replicas took the turns: this one's callers wait for the next, staggered.
        for (const bucket of buckets) bucket.tokens += 1;
        waits = buckets.map((bucket) => waitOf(bucket, at));
      }
      // Callers sent away are staggered (up to MAX_SPREAD_MS past their wait), so that the deliveries
      // waiting on one channel do not all come back at the same instant, over and over.
      let comeBackIn = 0;
      buckets.forEach((bucket, index) => {
        const wait = waits[index] ?? 0;
        if (wait <= EARLY_MS) return;
        const turn = Math.max(at + wait, Math.min(bucket.queueEnd, at + wait + MAX_SPREAD_MS));
        bucket.queueEnd = turn + 1 / bucket.perMs;
        comeBackIn = Math.max(comeBackIn, turn - at);
      });
      throw new DeliveryError(`${call.method} ${call.channel ?? ""} paced by Slack's rate limits`.trim(), {
        retryAfterMs: Math.ceil(comeBackIn),
        paced: true,
      });
    },

    async rateLimited(call, retryAfterMs) {
      options.metrics.slackRateLimited.inc({ method: call.method });
      const until = now() + retryAfterMs;
      const keys = blockedKeysOf(call);
      for (const key of keys) blockKey(key, until);
      try {
        for (const key of keys) {
          await prisma.$executeRaw`
            INSERT INTO "SlackRateLimit" ("key", "blockedUntil") VALUES (${key}, ${new Date(until)})
            ON CONFLICT ("key") DO UPDATE
            SET "blockedUntil" = GREATEST("SlackRateLimit"."blockedUntil", EXCLUDED."blockedUntil")`;
        }
      } catch (error) {
        logger.warn({ err: error, keys }, "Slack rate limit not shared with the other replicas");
      }
    },
  };
}
