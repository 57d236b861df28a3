import type { Locale } from "../config.ts";
import { byParisHour } from "../domain/dates.ts";
import type { ServiceRef } from "../domain/requests.ts";
import { type AccessLevel, Space } from "../generated/prisma/enums.ts";
import { en } from "./en.ts";
import { fr, type Messages } from "./fr.ts";

export type { Messages };

const catalogs: Record<Locale, Messages> = { fr, en };

export function messagesFor(locale: Locale): Messages {
  return catalogs[locale];
}

/** Intl formatters are costly to build (~80 µs each): one per locale and shape, reused (digests format thousands). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parisFormatter(locale: string, shape: "day" | "time"): Intl.DateTimeFormat {
  const key = `${locale}|${shape}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const fields =
      shape === "day"
        ? ({ day: "2-digit", month: "2-digit", year: "numeric" } as const)
        : ({ hour: "2-digit", minute: "2-digit" } as const);
    formatter = new Intl.DateTimeFormat(locale, { timeZone: "Europe/Paris", ...fields });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Dates as managers read them: Paris time, "28/11/2026 à 17:45" in French. */
export function formatDateTime(messages: Messages, date: Date): string {
  const day = parisFormatter(messages.dateTime.locale, "day").format(date);
  const time = parisFormatter(messages.dateTime.locale, "time").format(date);
  return `${day} ${messages.dateTime.at} ${time}`;
}

const formattedDays = new Map<string, (date: Date) => string>();

/** A day as managers read it: "28/11/2026". */
export function formatDate(messages: Messages, date: Date): string {
  const { locale } = messages.dateTime;
  let format = formattedDays.get(locale);
  if (!format) {
    const formatter = parisFormatter(locale, "day");
    format = byParisHour((instant) => formatter.format(instant));
    formattedDays.set(locale, format);
  }
  return format(date);
}

/** How many service names a message lists before summarising the rest. */
const MAX_LISTED_SERVICES = 30;

/** "Service A (A01), Service B (B02)", or "Toute la structure" when no service is named. */
/** "Factures émises, Factures reçues", in the order of the enum (the guide's order). */
export function spacesLabel(messages: Messages, spaces: readonly Space[]): string {
  return Object.values(Space)
    .filter((space) => spaces.includes(space))
    .map((space) => messages.spaces[space])
    .join(", ");
}

export function servicesLabel(messages: Messages, services: readonly ServiceRef[]): string {
  if (services.length === 0) return messages.attachmentRequest.wholeStructure;
  const listed = services
    .slice(0, MAX_LISTED_SERVICES)
    .map((service) => `${service.label} (${service.code})`);
  const rest = services.length - listed.length;
  return rest > 0 ? `${listed.join(", ")} … (+${rest})` : listed.join(", ");
}

/** "Factures reçues — tous les services — Consultation": one space of a subscription request. */
export function subscriptionItemLabel(
  messages: Messages,
  item: { space: Space; service: ServiceRef | null },
  access: AccessLevel,
): string {
  const scope = item.service
    ? `${item.service.label} (${item.service.code})`
    : messages.subscriptionRequest.allServices;
  return messages.subscriptionRequest.spaceLine(
    messages.spaces[item.space],
    scope,
    messages.accessLevels[access],
  );
}
