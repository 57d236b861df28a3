import type { PrismaClient } from "../db/database.ts";
import type { Messages } from "../i18n/index.ts";
import type { Logger } from "../logger.ts";

/** What every use case needs, passed explicitly (no module-level singletons). */
export interface ServiceContext {
  prisma: PrismaClient;
  messages: Messages;
  logger: Logger;
  /** The clock, injectable so tests and jobs decide what "now" is. */
  now: () => Date;
  /** Wakes the outbox worker once a transaction that queued deliveries has committed. */
  outboxWritten: () => void;
}
