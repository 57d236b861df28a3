import type { PrismaClient } from "../db/database.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Messages } from "../i18n/index.ts";

export interface IdempotencyKeyRef {
  clientHash: string;
  key: string;
}

/** `responseStatus` of a record whose first request is still being processed. */
const IN_PROGRESS = 0;

/**
 * Claims an Idempotency-Key before running a POST. Returns the stored answer when the same request
 * was already answered; refuses a key reused for another request, or one whose first request is
 * still running. Otherwise the caller runs the request, then `completeIdempotentRequest`.
 */
export async function claimIdempotencyKey(
  prisma: PrismaClient,
  messages: Messages,
  ref: IdempotencyKeyRef & { route: string; requestHash: string },
): Promise<{ status: number; body: unknown } | null> {
  try {
    await prisma.idempotencyRecord.create({
      data: { ...ref, responseStatus: IN_PROGRESS, responseBody: {} },
    });
    return null;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await prisma.idempotencyRecord.findUnique({
    where: { clientHash_key: { clientHash: ref.clientHash, key: ref.key } },
  });
  if (!existing) return claimIdempotencyKey(prisma, messages, ref);
  if (existing.route !== ref.route || existing.requestHash !== ref.requestHash) {
    throw new AppError("idempotency_key_reused", messages.errors.idempotencyKeyReused);
  }
  if (existing.responseStatus === IN_PROGRESS)
    throw new AppError("request_in_progress", messages.errors.requestInProgress);
  return { status: existing.responseStatus, body: existing.responseBody };
}

/** Stores the answer to replay; a server error releases the key so the client may retry. */
export async function completeIdempotentRequest(
  prisma: PrismaClient,
  ref: IdempotencyKeyRef,
  response: { status: number; body: unknown },
): Promise<void> {
  const where = { clientHash_key: { clientHash: ref.clientHash, key: ref.key } };
  if (response.status >= 500) {
    await prisma.idempotencyRecord.delete({ where });
    return;
  }
  await prisma.idempotencyRecord.update({
    where,
    data: { responseStatus: response.status, responseBody: (response.body ?? {}) as Prisma.InputJsonValue },
  });
}
