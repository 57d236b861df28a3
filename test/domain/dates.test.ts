import { describe, expect, it } from "vitest";
import { parisDay } from "../../src/domain/dates.ts";
import { formatDate, messagesFor } from "../../src/i18n/index.ts";

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** Every quarter of an hour from `from` (UTC) for `hours` hours. */
function quartersFrom(from: string, hours: number): Date[] {
  const start = new Date(from).getTime();
  return Array.from({ length: hours * 4 }, (_, index) => new Date(start + index * QUARTER_HOUR_MS));
}

/** The Paris date as a formatter built for each call says it: what the memoised versions must match. */
function parisDateOf(instant: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Europe/Paris",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(instant);
}

describe("Paris days", () => {
  // Both changes of time in 2026 and an ordinary winter midnight, before and after, both locales.
  const instants = [
    ...quartersFrom("2026-03-28T20:00:00Z", 12),
    ...quartersFrom("2026-10-24T20:00:00Z", 12),
    ...quartersFrom("2026-12-04T21:00:00Z", 4),
  ];

  it("gives the Paris calendar day of every instant around midnight and both changes of time", () => {
    for (const instant of instants) {
      const [day, month, year] = parisDateOf(instant, "fr-FR").split("/").map(Number);
      expect(parisDay(instant).toISOString().slice(0, 10), instant.toISOString()).toBe(
        `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      );
    }
  });

  it("formats each of those instants as its Paris day, in French and in English", () => {
    for (const locale of ["fr", "en"] as const) {
      const messages = messagesFor(locale);
      for (const instant of instants) {
        expect(formatDate(messages, instant), instant.toISOString()).toBe(
          parisDateOf(instant, messages.dateTime.locale),
        );
      }
    }
  });

  it("says 23:59 in Paris is still that day and 00:00 the next, in winter and in summer", () => {
    expect(parisDay(new Date("2026-12-04T22:59:00Z")).toISOString()).toBe("2026-12-04T00:00:00.000Z");
    expect(parisDay(new Date("2026-12-04T23:00:00Z")).toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parisDay(new Date("2026-07-14T21:59:00Z")).toISOString()).toBe("2026-07-14T00:00:00.000Z");
    expect(parisDay(new Date("2026-07-14T22:00:00Z")).toISOString()).toBe("2026-07-15T00:00:00.000Z");
  });
});
