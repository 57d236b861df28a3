import { describe, expect, it } from "vitest";
import { easterSunday, frenchPublicHolidays, isWorkingDay } from "../../src/domain/working-days.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);

describe("the French working days", () => {
  it.each([
    [1818, "1818-03-22"],
    [2000, "2000-04-23"],
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"],
  ])("put Easter Sunday %i on %s", (year, expected) => {
    expect(iso(easterSunday(year))).toBe(expected);
  });

  it.each([
    [
      2026,
      [
        "2026-01-01",
        "2026-04-06",
        "2026-05-01",
        "2026-05-08",
        "2026-05-14",
        "2026-05-25",
        "2026-07-14",
        "2026-08-15",
        "2026-11-01",
        "2026-11-11",
        "2026-12-25",
      ],
    ],
    [
      2027,
      [
        "2027-01-01",
        "2027-03-29",
        "2027-05-01",
        "2027-05-06",
        "2027-05-08",
        "2027-05-17",
        "2027-07-14",
        "2027-08-15",
        "2027-11-01",
        "2027-11-11",
        "2027-12-25",
      ],
    ],
  ])("count eleven public holidays in %i, Easter-based ones included", (year, expected) => {
    expect(frenchPublicHolidays(year).map(iso)).toEqual(expected);
  });

  it.each([
    ["2026-11-30", "a Monday", true],
    ["2026-12-04", "a Friday", true],
    ["2026-11-28", "a Saturday", false],
    ["2026-11-29", "a Sunday", false],
    ["2026-12-25", "Christmas, a Friday", false],
    ["2026-12-24", "Christmas Eve", true],
    ["2027-03-29", "Easter Monday", false],
    ["2027-05-06", "Ascension Day", false],
    ["2027-05-17", "Whit Monday", false],
    ["2026-07-14", "Bastille Day, a Tuesday", false],
    ["2026-07-15", "the day after Bastille Day", true],
    ["2028-05-08", "8 May, a Monday", false],
  ])("say %s (%s) is a working day: %s", (date, _, expected) => {
    expect(isWorkingDay(day(date))).toBe(expected);
  });
});
