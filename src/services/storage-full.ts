import { isStorageFull } from "../db/errors.ts";
import { AppError } from "../errors.ts";
import type { ServiceContext } from "./context.ts";

/**
 * A use case's failure for want of disk space on the database's side, as its user is told (nothing
 * was recorded: the transaction rolled back; tell the administrator) with the operator told in the
 * logs where the data lives and what to do; null for any other failure.
 */
export function storageFullError(ctx: ServiceContext, error: unknown): AppError | null {
  if (!isStorageFull(error)) return null;
  ctx.logger.error(
    { err: error, databaseLocation: ctx.databaseLocation },
    `the database has no disk space left (${ctx.databaseLocation}): free some space there; ` +
      "the action was rolled back, nothing of it was written",
  );
  return new AppError("storage_full", ctx.messages.errors.storageFull);
}
