import { Prisma } from "../generated/prisma/client.ts";

const UNIQUE_VIOLATION = "23505";

/** The errors an error wraps: its `cause`, and the driver adapter's error Prisma keeps in `meta`. */
function wrapped(error: object): unknown[] {
  const { cause, meta } = error as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return [cause, meta?.driverAdapterError];
}

/**
 * True for a unique-constraint violation, however it arrives: Prisma's P2002 (model queries), a raw
 * query's P2010 wrapping the adapter's UniqueConstraintViolation, or node-postgres' SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  const queue: unknown[] = [error];
  for (let seen = 0; seen < 10 && queue.length > 0; seen++) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    if (current instanceof Prisma.PrismaClientKnownRequestError && current.code === "P2002") return true;
    const { code, kind, originalCode } = current as {
      code?: unknown;
      kind?: unknown;
      originalCode?: unknown;
    };
    if (
      code === UNIQUE_VIOLATION ||
      originalCode === UNIQUE_VIOLATION ||
      kind === "UniqueConstraintViolation"
    ) {
      return true;
    }
    queue.push(...wrapped(current));
  }
  return false;
}

/** The `code` of a Node system error (ENOENT, EEXIST…), undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
