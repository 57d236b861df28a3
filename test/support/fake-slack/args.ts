import type { SlackArgs } from "./types.ts";

export const BOT_USER_ID = "UBOT00001";

export const BOT_ID = "BBOT00001";

export const APP_ID = "A0000TEST";

export function isRecord(value: unknown): value is SlackArgs {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return undefined;
}

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

export function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

/** Current UTC offset of an IANA zone, in seconds. */
export function tzOffsetSeconds(tz: string): number {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value;
    const match = name?.match(/GMT([+-])(\d{2}):(\d{2})/);
    if (!match) {
      return 0;
    }
    const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
    return match[1] === "-" ? -seconds : seconds;
  } catch {
    return 0;
  }
}

/** Slack accepts channel ids (C/G/D), and user ids (U/W) for DMs, which it maps to the DM channel. */
export function resolveChannel(channel: unknown): string | undefined {
  if (typeof channel !== "string") {
    return undefined;
  }
  if (/^[UW][A-Z0-9]{2,}$/.test(channel)) {
    return `D${channel.slice(1)}`;
  }
  if (/^[CDG][A-Z0-9]{2,}$/.test(channel) || /^#[a-z0-9_-]+$/.test(channel)) {
    return channel;
  }
  return undefined;
}
