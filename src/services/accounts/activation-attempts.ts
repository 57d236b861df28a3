import {
  ACTIVATION_ATTEMPT_WINDOW_MS,
  attemptWaitMs,
  MAX_FAILED_ATTEMPTS_PER_CLIENT,
  MAX_FAILED_ATTEMPTS_PER_LINK,
  retryAfterSeconds,
} from "../../domain/activation-throttle.ts";
import type { ServiceContext } from "../context.ts";

export type AttemptReservation =
  | { allowed: true; attemptId: string }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Counts a submission of the activation page against its link and its client before it is judged,
 * on every replica (the attempts live in the database). The attempt is written first, then the
 * window read: of two concurrent submissions, the later reader sees the other's attempt, so a link
 * never gets more than its share judged, however many arrive at once. A refused submission takes
 * its attempt back (it was not judged); an activation deletes it in its transaction (it did not
 * fail); any other outcome leaves it counted as a failure for the window. Attempts past the window
 * are purged on the way.
 */
export async function reserveActivationAttempt(
  ctx: ServiceContext,
  input: { tokenHash: string; client: string },
): Promise<AttemptReservation> {
  const { prisma } = ctx;
  const now = ctx.now();
  const since = new Date(now.getTime() - ACTIVATION_ATTEMPT_WINDOW_MS);
  await prisma.activationAttempt.deleteMany({ where: { attemptedAt: { lte: since } } });
  const { id } = await prisma.activationAttempt.create({
    data: { ...input, attemptedAt: now },
    select: { id: true },
  });
  const previous = (key: { tokenHash: string } | { client: string }) =>
    prisma.activationAttempt
      .findMany({
        where: { ...key, attemptedAt: { gt: since }, id: { not: id } },
        select: { attemptedAt: true },
      })
      .then((rows) => rows.map((row) => row.attemptedAt));
  const [byLink, byClient] = await Promise.all([
    previous({ tokenHash: input.tokenHash }),
    previous({ client: input.client }),
  ]);
  const waits = [
    attemptWaitMs(byLink, MAX_FAILED_ATTEMPTS_PER_LINK, now),
    attemptWaitMs(byClient, MAX_FAILED_ATTEMPTS_PER_CLIENT, now),
  ].filter((wait) => wait !== null);
  if (waits.length === 0) return { allowed: true, attemptId: id };
  await prisma.activationAttempt.delete({ where: { id } });
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(Math.max(...waits)) };
}
