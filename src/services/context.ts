import type { ChorusProApi } from "../chorus-pro/api.ts";
import type { PrismaClient } from "../db/database.ts";
import type { ExportReader } from "../db/export-reader.ts";
import type { Messages } from "../i18n/index.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { SecretBox } from "../security/secret-box.ts";

/** What every use case needs, passed explicitly (no module-level singletons). */
export interface ServiceContext {
  prisma: PrismaClient;
  /** Large exports read their rows through it rather than Prisma (see export-reader.ts). */
  exportReader: ExportReader;
  messages: Messages;
  logger: Logger;
  /** The clock, injectable so tests and jobs decide what "now" is. */
  now: () => Date;
  /** Wakes the outbox worker once a transaction that queued deliveries has committed. */
  outboxWritten: () => void;
  /** Prometheus counters (decisions, Slack 429s, job runs), served on /metrics. */
  metrics: Metrics;
  /** Where the database keeps its data (DATA_DIR, or the server and database), named in operators' logs. */
  databaseLocation: string;
  /** Public address of the HTTP server (config PUBLIC_BASE_URL): links in e-mails start with it. */
  publicBaseUrl: string;
  /**
   * Encrypts the secrets the database keeps (config SECRETS_KEY): the workspaces' installations over
   * OAuth. Null when no key is configured (token mode, where nothing needs it).
   */
  secretBox: SecretBox | null;
  /**
   * The real Chorus Pro, read through PISTE, and the box sealing the technical accounts' passwords
   * (CHORUS_PRO_SECRET_KEY); null when the connection is not configured.
   */
  chorusPro: ChorusProLink | null;
}

export interface ChorusProLink {
  api: ChorusProApi;
  secrets: SecretBox;
}
