import { validate as isCronExpression } from "node-cron";
import { z } from "zod";

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

const configSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: "manquant / missing" })
    .regex(/^xox[bp]-/, "doit commencer par xoxb- / must start with xoxb-"),
  SLACK_SIGNING_SECRET: z.string({ error: "manquant / missing" }).min(8, "trop court / too short"),
  SLACK_APP_TOKEN: blankAsUnset(
    z
      .string()
      .regex(/^xapp-/, "doit commencer par xapp- / must start with xapp-")
      .optional(),
  ),
  SLACK_API_URL: blankAsUnset(z.url().default("https://slack.com/api/")),
  PORT: blankAsUnset(z.coerce.number().int().min(0).max(65535).default(3000)),
  /** Where people reach this server from their browser: activation links in e-mails start with it. */
  PUBLIC_BASE_URL: blankAsUnset(
    z.url({ protocol: /^https?$/, error: "URL http(s):// attendue / http(s):// URL expected" }).optional(),
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
  LOCALE: blankAsUnset(z.enum(["fr", "en"]).default("fr")),
  LOG_LEVEL: blankAsUnset(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  OUTBOX_POLL_MS: blankAsUnset(z.coerce.number().int().min(10).default(1000)),
  DIGEST_CRON: cronExpression("0 8 * * 1-5"),
  REMINDER_CRON: cronExpression("0 9 * * 1-5"),
  FLUX_REJECT_PURGE_CRON: cronExpression("30 3 * * *"),
  BULK_RECOVERY_CRON: cronExpression("* * * * *"),
  ESCALATION_DAYS: blankAsUnset(z.coerce.number().int().min(1).default(5)),
});

/** PUBLIC_BASE_URL depends on PORT when unset, and is kept without a trailing slash to append paths. */
const resolvedConfigSchema = configSchema.transform((config) => ({
  ...config,
  PUBLIC_BASE_URL: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ""),
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
        "Voir / See README.md, « Configuration ».",
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** The only reader of the environment: everything else receives a typed Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = resolvedConfigSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}
