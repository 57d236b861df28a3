import { describe, expect, it } from "vitest";
import { normalizeSiret, passesLuhn, siretProblem } from "../../src/domain/siret.ts";

describe("SIRET checks", () => {
  it.each([
    ["73282932000074", null],
    ["35600000000048", null], // La Poste's head office also passes Luhn
    ["35600000049837", null], // a La Poste establishment: digit sum multiple of 5, fails Luhn
    ["73282932000075", "checksum"],
    ["35600000049838", "checksum"],
    ["73282932000072", "checksum"], // digit sum 45, a multiple of 5, but not La Poste's: fails Luhn
    ["00000000000000", "checksum"], // passes Luhn trivially: no SIREN is nine zeros
    ["00000000042424", "checksum"],
    ["7328293200007", "format"],
    ["732829320000745", "format"],
    ["7328293200007A", "format"],
    ["", "format"],
  ])("judges %s as %s", (siret, problem) => {
    expect(siretProblem(siret)).toBe(problem);
  });

  it("confirms that the La Poste sample really fails Luhn, so the special rule is what accepts it", () => {
    expect(passesLuhn("35600000049837")).toBe(false);
  });

  it("applies La Poste's digit-sum rule to La Poste's SIREN only: another SIRET whose digits sum to a multiple of 5 must still pass Luhn", () => {
    const digitSum = [..."73282932000072"].reduce((total, digit) => total + Number(digit), 0);
    expect(digitSum % 5).toBe(0);
    expect(passesLuhn("73282932000072")).toBe(false);
    expect(siretProblem("73282932000072")).toBe("checksum");
  });

  it("keeps only the digits of a SIRET typed with spaces or dots", () => {
    expect(normalizeSiret("732 829 320 00074")).toBe("73282932000074");
    expect(normalizeSiret("732.829.320.00074")).toBe("73282932000074");
  });
});
