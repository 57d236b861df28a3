import type { PrismaClient } from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";

/** The client an interactive transaction hands to its callback: use it, never the outer client. */
export type Tx = Prisma.TransactionClient;

/**
 * What a caller adds at the end of a use case's transaction, once its result is known: committed with
 * the use case's change or not at all (the REST API stores its idempotent answer so).
 */
export type BeforeCommit<T> = (tx: Tx, result: T) => Promise<void>;

/** Waits up to 10 s for a pooled connection (bursts) and lets a transaction run 20 s, instead of Prisma's 2 s and 5 s. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/** P2034: write conflict or deadlock; PostgreSQL asks to retry the transaction. */
function isRetryable(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034";
}

/**
 * Runs `fn` in one interactive transaction, retried once when PostgreSQL reports a serialization
 * failure or a deadlock (so `fn` must not have side effects outside the database: use the outbox).
 * Inside, use `tx` only: a query on the outer client runs outside the transaction, on another connection.
 */
export async function inTransaction<T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(fn, TRANSACTION_OPTIONS);
  } catch (error) {
    if (!isRetryable(error)) throw error;
    return prisma.$transaction(fn, TRANSACTION_OPTIONS);
  }
}
