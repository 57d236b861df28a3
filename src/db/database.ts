import path from "node:path";
import { PrismaClient } from "../generated/prisma/client.ts";
import {
  connectDatabase,
  createAdapterFactory,
  type DatabaseTarget,
  DEFAULT_DATA_DIR,
} from "./connection.ts";
import { createExportReader, type ExportReader } from "./export-reader.ts";
import { applyMigrations } from "./migrate.ts";
import {
  listenForNotifications,
  type NotificationHandlers,
  type NotificationSession,
} from "./notifications.ts";
import { TRANSACTION_OPTIONS } from "./transaction.ts";

export type { PrismaClient } from "../generated/prisma/client.ts";
export { EmbeddedServerError } from "./embedded.ts";
export { DatabaseLockedError } from "./lock.ts";

/** An open database: the app's only handle on it (no module-level client). */
export interface Database {
  prisma: PrismaClient;
  kind: "embedded" | "postgresql";
  /** Where its data lives, for operators' messages: the embedded DATA_DIR, or the server and database. */
  location: string;
  /** Migrations this open applied (empty when the database was up to date). */
  appliedMigrations: readonly string[];
  /** Server-side cursors for large exports, the one raw-SQL reader (see export-reader.ts). */
  exportReader: ExportReader;
  /** LISTENs to `channel` on a session of its own, which its owner closes (the replicas hear each other through it). */
  listen: (channel: string, handlers: NotificationHandlers) => NotificationSession;
  /** Disconnects, and stops the embedded server (releasing its directory) if this open started it. */
  close(): Promise<void>;
}

export type OpenDatabaseOptions = DatabaseTarget;

/** The embedded directory as an absolute path, or a server's host and database (never its password). */
function locationOf(target: DatabaseTarget): string {
  if (!target.url) return path.resolve(target.dataDir ?? DEFAULT_DATA_DIR);
  const url = new URL(target.url);
  const socketDir = url.searchParams.get("host");
  return `PostgreSQL ${socketDir ?? url.host}${url.pathname}`;
}

/**
 * Opens the database and applies pending migrations before returning. Embedded (no `url`): the
 * PostgreSQL server of `dataDir` ("./data" by default), started on a private unix socket, the
 * directory locked against a second app (DatabaseLockedError). Every setting comes from the caller.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const connection = await connectDatabase(options);
  try {
    const appliedMigrations = await applyMigrations(connection.client);
    const prisma = new PrismaClient({
      adapter: createAdapterFactory(connection),
      transactionOptions: TRANSACTION_OPTIONS,
    });
    const exportReader = createExportReader(connection.client);
    let closing: Promise<void> | undefined;
    return {
      prisma,
      kind: connection.kind,
      location: locationOf(options),
      appliedMigrations,
      exportReader,
      listen: (channel, handlers) => listenForNotifications(connection.client, channel, handlers),
      close: () => {
        closing ??= (async () => {
          try {
            await Promise.all([prisma.$disconnect(), exportReader.close()]);
          } finally {
            await connection.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
