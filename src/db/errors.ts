import { Prisma } from "../generated/prisma/client.ts";

const UNIQUE_VIOLATION = "23505";
const DISK_FULL = "53100";

/** The errors an error wraps: its `cause`, and the driver adapter's error Prisma keeps in `meta`. */
function wrapped(error: object): unknown[] {
  const { cause, meta } = error as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return [cause, meta?.driverAdapterError];
}

/** True when `matches` holds for the error or one of the errors it wraps (a few levels down). */
function inCauses(error: unknown, matches: (candidate: object) => boolean): boolean {
  const queue: unknown[] = [error];
  for (let seen = 0; seen < 10 && queue.length > 0; seen++) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    if (matches(current)) return true;
    queue.push(...wrapped(current));
  }
  return false;
}

/** Whether the error carries SQLSTATE `state` (the driver's `code`, or Prisma's adapter's `originalCode`). */
function hasSqlState(error: object, state: string): boolean {
  const { code, originalCode } = error as { code?: unknown; originalCode?: unknown };
  return code === state || originalCode === state;
}

/**
 * True for a unique-constraint violation, however it arrives: Prisma's P2002 (model queries), a raw
 * query's P2010 wrapping the adapter's UniqueConstraintViolation, or node-postgres' SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  return inCauses(
    error,
    (current) =>
      (current instanceof Prisma.PrismaClientKnownRequestError && current.code === "P2002") ||
      hasSqlState(current, UNIQUE_VIOLATION) ||
      (current as { kind?: unknown }).kind === "UniqueConstraintViolation",
  );
}

/**
 * True when the database server could not write for want of disk space: SQLSTATE 53100 (a table or
 * index could not grow; the statement failed and its transaction rolls back), or the system's
 * "No space left on device" in the server's words (its write-ahead log could not grow).
 */
export function isStorageFull(error: unknown): boolean {
  return inCauses(
    error,
    (current) =>
      hasSqlState(current, DISK_FULL) ||
      /No space left on device/i.test(String((current as { message?: unknown }).message ?? "")),
  );
}

/** The `code` of a Node system error (ENOENT, EEXIST…), undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
