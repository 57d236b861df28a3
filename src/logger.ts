import { pino } from "pino";

/** Paths never written to logs: tokens, secrets and passwords. */
const REDACTED_PATHS = [
  "token",
  "password",
  "passwordHash",
  "*.token",
  "*.password",
  "*.passwordHash",
  "headers.authorization",
  "req.headers.authorization",
  "config.SLACK_BOT_TOKEN",
  "config.SLACK_SIGNING_SECRET",
  "config.SLACK_APP_TOKEN",
  "config.SLACK_CLIENT_SECRET",
  "config.SLACK_STATE_SECRET",
  "config.SECRETS_KEY",
  "config.slackAuth",
  "config.API_TOKENS",
  "config.CHORUS_PRO_CLIENT_SECRET",
  "config.CHORUS_PRO_SECRET_KEY",
  "config.chorusPro",
];

export type Logger = pino.Logger;

/** JSON lines on stdout, or on `destination` (tests read what the app logs). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[secret]" } };
  return destination ? pino(options, destination) : pino(options);
}
