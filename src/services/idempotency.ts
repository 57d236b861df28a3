import type { PrismaClient } from "../db/database.ts";
import type { Tx } from "../db/transaction.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Messages } from "../i18n/index.ts";

export interface IdempotencyKeyRef {
  clientHash: string;
  key: string;
}

/** A key this request holds: `lockedUntil` is its lease, and names it as the holder. */
export interface IdempotencyClaim extends IdempotencyKeyRef {
  lockedUntil: Date;
}

export interface IdempotentAnswer {
  status: number;
  body: unknown;
}

/** `responseStatus` of a record whose first request is still being processed. */
const IN_PROGRESS = 0;

/**
 * How long a claim holds its key without an answer. A request runs for at most about a minute (its
 * transaction waits 10 s for a connection and runs 20 s, retried once): past that, its process is
 * taken for dead and a retry with the key runs it again. A holder merely slower than that is no
 * danger: its answer, stored in its transaction, is refused once the key is another's, so that
 * transaction does not commit.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** How long a key is remembered after its first request (the purge job deletes older ones). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

export type ClaimOutcome =
  /** This request holds the key: run it, then store its answer (`storeIdempotentAnswer`). */
  | { kind: "claimed"; claim: IdempotencyClaim; tookOver: boolean }
  /** The same request was answered: send this again. */
  | ({ kind: "answered" } & IdempotentAnswer)
  /** The same request is running elsewhere, its lease live until then. */
  | { kind: "in_progress"; lockedUntil: Date };

function whereKey(ref: IdempotencyKeyRef) {
  return { clientHash_key: { clientHash: ref.clientHash, key: ref.key } };
}

/**
 * Claims an Idempotency-Key before running a POST, at `now`. Refuses a key reused for another
 * request; says when the same request was answered, or is still running under a live lease. A claim
 * whose lease ran out without an answer was left by a process that died before its use case
 * committed (the answer commits with it): the key is taken over, and the request runs once more.
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  messages: Messages,
  ref: IdempotencyKeyRef & { route: string; requestHash: string },
  now: Date,
): Promise<ClaimOutcome> {
  const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);
  const claim = { clientHash: ref.clientHash, key: ref.key, lockedUntil };
  // ON CONFLICT DO NOTHING: of two requests with one key, one inserts and the other reads it below.
  const inserted = await prisma.idempotencyRecord.createMany({
    data: [
      {
        clientHash: ref.clientHash,
        key: ref.key,
        route: ref.route,
        requestHash: ref.requestHash,
        responseStatus: IN_PROGRESS,
        responseBody: {},
        lockedUntil,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  if (inserted.count === 1) return { kind: "claimed", claim, tookOver: false };
  const existing = await prisma.idempotencyRecord.findUnique({ where: whereKey(ref) });
  // Purged in between: claim it afresh.
  if (!existing) return claimIdempotencyKey(prisma, messages, ref, now);
  if (existing.route !== ref.route || existing.requestHash !== ref.requestHash) {
    throw new AppError("idempotency_key_reused", messages.errors.idempotencyKeyReused);
  }
  if (existing.responseStatus !== IN_PROGRESS) {
    return { kind: "answered", status: existing.responseStatus, body: existing.responseBody };
  }
  if (existing.lockedUntil && existing.lockedUntil > now) {
    return { kind: "in_progress", lockedUntil: existing.lockedUntil };
  }
  // The holder's lease ran out: take the key over, unless another retry or the holder got there first.
  const taken = await prisma.idempotencyRecord.updateMany({
    where: {
      clientHash: ref.clientHash,
      key: ref.key,
      responseStatus: IN_PROGRESS,
      lockedUntil: existing.lockedUntil,
    },
    data: { lockedUntil },
  });
  if (taken.count === 1) return { kind: "claimed", claim, tookOver: true };
  return claimIdempotencyKey(prisma, messages, ref, now);
}

/** The answer as JSON stores it (and as a replay sends it). */
function jsonOf(body: unknown): Prisma.InputJsonValue {
  return (body ?? {}) as Prisma.InputJsonValue;
}

/**
 * Stores a success answer in the use case's transaction, so that the change and its answer commit
 * together: after a crash, a retry finds either both or neither. Refused (`request_in_progress`,
 * which rolls the transaction back) when the claim is no longer this request's: its lease ran out
 * and a retry took the key over, to run the request itself.
 */
export async function storeIdempotentAnswer(
  tx: Tx,
  messages: Messages,
  claim: IdempotencyClaim,
  answer: IdempotentAnswer,
): Promise<void> {
  const { count } = await tx.idempotencyRecord.updateMany({
    where: {
      clientHash: claim.clientHash,
      key: claim.key,
      responseStatus: IN_PROGRESS,
      lockedUntil: claim.lockedUntil,
    },
    data: { responseStatus: answer.status, responseBody: jsonOf(answer.body), lockedUntil: null },
  });
  if (count !== 1) throw new AppError("request_in_progress", messages.errors.requestInProgress);
}

/**
 * Stores an answer no use case committed (a refusal: nothing changed, so nothing to commit it with),
 * while the claim is still this request's. A server error releases the key instead, so that the
 * client may retry.
 */
export async function completeIdempotentRequest(
  prisma: PrismaClient,
  claim: IdempotencyClaim,
  answer: IdempotentAnswer,
): Promise<void> {
  const where = {
    clientHash: claim.clientHash,
    key: claim.key,
    responseStatus: IN_PROGRESS,
    lockedUntil: claim.lockedUntil,
  };
  if (answer.status >= 500) {
    await prisma.idempotencyRecord.deleteMany({ where });
    return;
  }
  await prisma.idempotencyRecord.updateMany({
    where,
    data: { responseStatus: answer.status, responseBody: jsonOf(answer.body), lockedUntil: null },
  });
}
