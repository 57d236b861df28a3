import { isIP } from "node:net";
import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { parseSecretsKey } from "./security/secret-box.ts";

/** Environment variables left empty count as unset, like most twelve-factor tools do. */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema);
}

/** A node-cron expression (5 or 6 fields, Paris time), or "off" (null) to leave the job off here. */
function cronExpression(fallback: string) {
  return blankAsUnset(
    z
      .string()
      .default(fallback)
      .refine((value) => value === "off" || isCronExpression(value), {
        message: "expression cron invalide / invalid cron expression",
      })
      .transform((value) => (value === "off" ? null : value)),
  );
}

/** Bot scopes asked when a workspace installs the app over OAuth: the ones manifest.yml declares. */
export const DEFAULT_SLACK_SCOPES = [
  "chat:write",
  "chat:write.public",
  "commands",
  "users:read",
  "users:read.email",
  "im:write",
  "im:history",
  "files:write",
];

/** Names Express gives to the usual ranges of proxy addresses. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An address, an address/prefix-length subnet, or the name of a range, as Express's "trust proxy" takes them. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = "", prefix, ...more] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || more.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * Which proxies in front of the app to believe about the client's address (X-Forwarded-For): their
 * number (hops), or their addresses, subnets and range names, comma-separated. Unset: none.
 */
function trustProxy() {
  return blankAsUnset(
    z
      .string()
      .transform((value, ctx) => {
        if (/^\s*\d+\s*$/.test(value)) return Number(value);
        const entries = value.split(",").map((entry) => entry.trim());
        if (entries.every(isProxyAddress)) return entries;
        ctx.addIssue({
          code: "custom",
          message:
            "un nombre de proxys, ou des adresses et sous-réseaux séparés par des virgules / a number of proxies, or comma-separated addresses and subnets",
        });
        return z.NEVER;
      })
      .optional(),
  );
}

/** 32 bytes, in base64 or hexadecimal, as a key of src/security/secret-box.ts takes them. */
function secretsKey() {
  return blankAsUnset(
    z
      .string()
      .transform((value, ctx) => {
        const key = parseSecretsKey(value);
        if (key) return key;
        ctx.addIssue({
          code: "custom",
          message:
            "doit faire 32 octets, en base64 (openssl rand -base64 32) ou en hexadécimal (64 caractères) / " +
            "must be 32 bytes, in base64 (openssl rand -base64 32) or in hexadecimal (64 characters)",
        });
        return z.NEVER;
      })
      .optional(),
  );
}

const configSchema = z.object({
  /** Token mode (one workspace, the default); unset in OAuth mode, where each workspace has its own. */
  SLACK_BOT_TOKEN: blankAsUnset(
    z
      .string()
      .regex(/^xox[bp]-/, "doit commencer par xoxb- / must start with xoxb-")
      .optional(),
  ),
  /** OAuth mode (several workspaces install the app): client id and secret of the Slack app. */
  SLACK_CLIENT_ID: blankAsUnset(z.string().optional()),
  SLACK_CLIENT_SECRET: blankAsUnset(z.string().optional()),
  /** Signs the OAuth `state` that ties Slack's redirect to the browser that started the installation. */
  SLACK_STATE_SECRET: blankAsUnset(
    z.string().min(16, "trop court (16 caractères au moins) / too short (16 characters or more)").optional(),
  ),
  /**
   * 32 bytes (base64 or hex) that encrypt the secrets the database keeps: the bot tokens of the
   * workspaces that installed the app over OAuth (AES-256-GCM, src/security/secret-box.ts).
   */
  SECRETS_KEY: secretsKey(),
  SLACK_SCOPES: blankAsUnset(
    z
      .string()
      .default(DEFAULT_SLACK_SCOPES.join(","))
      .transform((value) =>
        value
          .split(",")
          .map((scope) => scope.trim())
          .filter(Boolean),
      ),
  ),
  SLACK_SIGNING_SECRET: z.string({ error: "manquant / missing" }).min(8, "trop court / too short"),
  SLACK_APP_TOKEN: blankAsUnset(
    z
      .string()
      .regex(/^xapp-/, "doit commencer par xapp- / must start with xapp-")
      .optional(),
  ),
  SLACK_API_URL: blankAsUnset(z.url().default("https://slack.com/api/")),
  PORT: blankAsUnset(z.coerce.number().int().min(0).max(65535).default(3000)),
  /**
   * The proxies in front of the HTTP server (Express's "trust proxy"): the client's address is then
   * the one they forward, which the activation page's throttle counts failures by. Unset behind a
   * proxy, every client would be the proxy; set without one, clients could pick their address.
   */
  TRUST_PROXY: trustProxy(),
  /** Where people reach this server from their browser: activation links in e-mails start with it. */
  PUBLIC_BASE_URL: blankAsUnset(
    z.url({ protocol: /^https?$/, error: "URL http(s):// attendue / http(s):// URL expected" }).optional(),
  ),
  /**
   * Whether the organisation deploying the app is a public body: only then do its pages show the
   * State's brand (the « République française » logo and the Marianne font) around the DSFR's
   * components, which the State reserves to its services.
   */
  PUBLIC_BODY: blankAsUnset(
    z
      .enum(["true", "false"], { error: "true ou false attendu / true or false expected" })
      .default("false")
      .transform((value) => value === "true"),
  ),
  DATABASE_URL: blankAsUnset(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "URL postgresql:// attendue / postgresql:// URL expected")
      .optional(),
  ),
  DATA_DIR: blankAsUnset(z.string().default("./data")),
  SMTP_URL: blankAsUnset(
    z
      .string()
      .regex(/^smtps?:\/\//, "URL smtp:// attendue / smtp:// URL expected")
      .default("smtp://127.0.0.1:2525"),
  ),
  MAIL_FROM: blankAsUnset(z.string().default("Chorus Pro <ne-pas-repondre@chorus-pro.local>")),
  API_TOKENS: blankAsUnset(
    z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((token) => token.trim())
          .filter(Boolean),
      )
      .refine((tokens) => tokens.every((token) => token.length >= 16), {
        message: "chaque jeton doit faire au moins 16 caractères / each token needs 16 characters or more",
      }),
  ),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (Prometheus' `authorization`). */
  METRICS_TOKEN: blankAsUnset(
    z.string().min(16, "trop court (16 caractères au moins) / too short (16 characters or more)").optional(),
  ),
  LOCALE: blankAsUnset(z.enum(["fr", "en"]).default("fr")),
  LOG_LEVEL: blankAsUnset(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  OUTBOX_POLL_MS: blankAsUnset(z.coerce.number().int().min(10).default(30_000)),
  /** How long a Slack Web API call of the outbox may take before it counts as failed (retried later). */
  SLACK_API_TIMEOUT_MS: blankAsUnset(z.coerce.number().int().min(100).default(10_000)),
  /**
   * Multiplies the per-method rates of Slack's tiers the deliveries keep to (50/min for chat.update…),
   * for a workspace Slack grants more; the per-channel pace (1 message/s) stays.
   */
  SLACK_TIER_RATE_FACTOR: blankAsUnset(z.coerce.number().positive().default(1)),
  DIGEST_CRON: cronExpression("0 8 * * 1-5"),
  REMINDER_CRON: cronExpression("0 9 * * 1-5"),
  FLUX_REJECT_PURGE_CRON: cronExpression("30 3 * * *"),
  IDEMPOTENCY_PURGE_CRON: cronExpression("15 * * * *"),
  /** Deletes the outbox rows delivered more than OUTBOX_RETENTION_DAYS ago. */
  OUTBOX_PURGE_CRON: cronExpression("15 3 * * *"),
  BULK_RECOVERY_CRON: cronExpression("* * * * *"),
  /** Makes effective the attachments whose start date has come (see jobs/start-upcoming-attachments.ts). */
  ATTACHMENT_START_CRON: cronExpression("0 * * * *"),
  ESCALATION_DAYS: blankAsUnset(z.coerce.number().int().min(1).default(5)),
  /**
   * Working days a request may wait for a decision before it expires (jobs/expire-stale-requests.ts);
   * "off": never.
   */
  REQUEST_TTL_DAYS: blankAsUnset(
    z.union([z.literal("off").transform(() => null), z.coerce.number().int().min(1)]).default(30),
  ),
  /** Closes the requests waiting longer than REQUEST_TTL_DAYS working days. */
  REQUEST_EXPIRY_CRON: cronExpression("30 * * * *"),
  /**
   * Refreshes the structures imported from Chorus Pro (each once a day; a failed one at the next tick),
   * then tells principal managers of technical account passwords about to expire.
   */
  CHORUS_PRO_SYNC_CRON: cronExpression("20 * * * *"),
  OUTBOX_RETENTION_DAYS: blankAsUnset(z.coerce.number().int().min(1).default(7)),
  /**
   * The app's PISTE credentials (OAuth2 client credentials) for the Chorus Pro API; both unset: the
   * app does not connect to Chorus Pro.
   */
  CHORUS_PRO_CLIENT_ID: blankAsUnset(z.string().optional()),
  CHORUS_PRO_CLIENT_SECRET: blankAsUnset(z.string().optional()),
  /** PISTE's API gateway (sandbox: https://sandbox-api.piste.gouv.fr). */
  CHORUS_PRO_API_URL: blankAsUnset(
    z
      .url({ protocol: /^https?$/, error: "URL http(s):// attendue / http(s):// URL expected" })
      .default("https://api.piste.gouv.fr"),
  ),
  /** PISTE's OAuth token endpoint (sandbox: https://sandbox-oauth.piste.gouv.fr/api/oauth/token). */
  CHORUS_PRO_OAUTH_URL: blankAsUnset(
    z
      .url({ protocol: /^https?$/, error: "URL http(s):// attendue / http(s):// URL expected" })
      .default("https://oauth.piste.gouv.fr/api/oauth/token"),
  ),
  /** 32 bytes (base64 or hex) that encrypt the technical accounts' passwords the database keeps. */
  CHORUS_PRO_SECRET_KEY: secretsKey(),
  /** How long one Chorus Pro call may take before it is retried (then reported unreachable). */
  CHORUS_PRO_TIMEOUT_MS: blankAsUnset(z.coerce.number().int().min(100).default(10_000)),
  /** The least time between two Chorus Pro calls of this process (PISTE counts calls against quotas). */
  CHORUS_PRO_MIN_INTERVAL_MS: blankAsUnset(z.coerce.number().int().min(0).default(100)),
});

// Checked even when other fields are bad, so that one run lists every problem.
const checkedConfigSchema = configSchema.superRefine(
  (config, ctx) => {
    for (const [field, message] of [...slackAuthProblems(config), ...chorusProProblems(config)]) {
      ctx.addIssue({ code: "custom", path: [field], message });
    }
  },
  { when: () => true },
);

type SlackAuthFields = Partial<
  Record<
    "SLACK_BOT_TOKEN" | "SLACK_CLIENT_ID" | "SLACK_CLIENT_SECRET" | "SLACK_STATE_SECRET" | "SECRETS_KEY",
    unknown
  >
>;

/**
 * Token mode needs the bot token alone; OAuth mode the client id, secret and state secret, no token,
 * and the key that encrypts the workspaces' tokens in the database.
 */
function slackAuthProblems(config: SlackAuthFields): [string, string][] {
  const problems: [string, string][] = [];
  const oauth = config.SLACK_CLIENT_ID !== undefined || config.SLACK_CLIENT_SECRET !== undefined;
  if (!oauth) {
    if (config.SLACK_BOT_TOKEN === undefined) problems.push(["SLACK_BOT_TOKEN", "manquant / missing"]);
    return problems;
  }
  for (const field of ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const) {
    if (config[field] === undefined) problems.push([field, "manquant en mode OAuth / missing in OAuth mode"]);
  }
  if (config.SECRETS_KEY === undefined)
    problems.push([
      "SECRETS_KEY",
      "manquant en mode OAuth : cette clé chiffre les jetons des espaces de travail dans la base ; " +
        "générez-la avec « openssl rand -base64 32 » / missing in OAuth mode: this key encrypts the " +
        "workspaces' tokens in the database; generate it with `openssl rand -base64 32`",
    ]);
  if (config.SLACK_BOT_TOKEN !== undefined)
    problems.push([
      "SLACK_BOT_TOKEN",
      "à retirer en mode OAuth : chaque espace de travail a son jeton / must be unset in OAuth mode: each workspace has its own token",
    ]);
  return problems;
}

type ChorusProFields = Partial<
  Record<"CHORUS_PRO_CLIENT_ID" | "CHORUS_PRO_CLIENT_SECRET" | "CHORUS_PRO_SECRET_KEY", unknown>
>;

/**
 * The Chorus Pro connection is off with neither PISTE credential; with one, it needs the other, and
 * the key that encrypts the technical accounts' passwords (they are never stored in clear).
 */
function chorusProProblems(config: ChorusProFields): [string, string][] {
  const on = config.CHORUS_PRO_CLIENT_ID !== undefined || config.CHORUS_PRO_CLIENT_SECRET !== undefined;
  if (!on) return [];
  const problems: [string, string][] = [];
  for (const field of ["CHORUS_PRO_CLIENT_ID", "CHORUS_PRO_CLIENT_SECRET"] as const) {
    if (config[field] === undefined)
      problems.push([
        field,
        "manquant : l'identifiant et le secret PISTE vont ensemble (tous deux absents : pas de connexion à Chorus Pro) / " +
          "missing: the PISTE client id and secret go together (both unset: no Chorus Pro connection)",
      ]);
  }
  if (config.CHORUS_PRO_SECRET_KEY === undefined)
    problems.push([
      "CHORUS_PRO_SECRET_KEY",
      "manquant avec la connexion à Chorus Pro : cette clé chiffre les mots de passe des comptes techniques dans la base ; " +
        "générez-la avec « openssl rand -base64 32 » / missing with the Chorus Pro connection: this key encrypts " +
        "the technical accounts' passwords in the database; generate it with `openssl rand -base64 32`",
    ]);
  return problems;
}

/**
 * How the app reaches Chorus Pro through PISTE, or null when it does not (no PISTE credentials).
 * `secretKey` encrypts the technical accounts' passwords at rest (src/security/secret-box.ts).
 */
export interface ChorusProSettings {
  apiUrl: string;
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  secretKey: Buffer;
  timeoutMs: number;
  minIntervalMs: number;
}

function chorusProOf(config: z.output<typeof configSchema>): ChorusProSettings | null {
  const { CHORUS_PRO_CLIENT_ID: clientId, CHORUS_PRO_CLIENT_SECRET: clientSecret } = config;
  const secretKey = config.CHORUS_PRO_SECRET_KEY;
  // The refinement above refused a half-set connection.
  if (!clientId || !clientSecret || !secretKey) return null;
  return {
    apiUrl: config.CHORUS_PRO_API_URL.replace(/\/+$/, ""),
    oauthUrl: config.CHORUS_PRO_OAUTH_URL,
    clientId,
    clientSecret,
    secretKey,
    timeoutMs: config.CHORUS_PRO_TIMEOUT_MS,
    minIntervalMs: config.CHORUS_PRO_MIN_INTERVAL_MS,
  };
}

/**
 * How the app authenticates to Slack: one bot token (one workspace), or OAuth, where every workspace
 * that installs the app gets its own token, kept in the database.
 */
export type SlackAuth =
  | { mode: "token"; botToken: string }
  | { mode: "oauth"; clientId: string; clientSecret: string; stateSecret: string; scopes: string[] };

function slackAuthOf(config: z.output<typeof configSchema>): SlackAuth {
  const {
    SLACK_CLIENT_ID: clientId,
    SLACK_CLIENT_SECRET: clientSecret,
    SLACK_STATE_SECRET: stateSecret,
  } = config;
  if (clientId && clientSecret && stateSecret)
    return { mode: "oauth", clientId, clientSecret, stateSecret, scopes: config.SLACK_SCOPES };
  // The refinement above refused any other combination.
  return { mode: "token", botToken: config.SLACK_BOT_TOKEN ?? "" };
}

/** PUBLIC_BASE_URL depends on PORT when unset, and is kept without a trailing slash to append paths. */
const resolvedConfigSchema = checkedConfigSchema.transform((config) => ({
  ...config,
  PUBLIC_BASE_URL: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ""),
  slackAuth: slackAuthOf(config),
  chorusPro: chorusProOf(config),
}));

export type Config = z.output<typeof resolvedConfigSchema>;
export type Locale = Config["LOCALE"];

/** Thrown when the environment is unusable; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        "Configuration invalide / Invalid configuration:",
        ...problems.map((problem) => `  - ${problem}`),
        "Voir / See docs/operations.md, « Configuration ».",
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** The only reader of the environment: everything else receives a typed Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = resolvedConfigSchema.safeParse(env);
  if (result.success) return result.data;
  // In the schema's order, whether a field failed on its own or in the cross-field check.
  const fields = Object.keys(configSchema.shape);
  const issues = result.error.issues.toSorted(
    (a, b) => fields.indexOf(String(a.path[0])) - fields.indexOf(String(b.path[0])),
  );
  throw new ConfigError(issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}
