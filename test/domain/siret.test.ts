import { describe, expect, it } from "vitest";
import { normalizeSiret, passesLuhn, siretProblem } from "../../src/domain/siret.ts";

describe("SIRET checks", () => {
  it.each([
    ["73282932000074", null],
    ["35600000000048", null], // La Poste's head office also passes Luhn
    ["35600000049837", null], // a La Poste establishment: digit sum multiple of 5, fails Luhn
    ["73282932000075", "checksum"],
    ["35600000049838", "checksum"],
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

  it("keeps only the digits of a SIRET typed with spaces or dots", () => {
    expect(normalizeSiret("732 829 320 00074")).toBe("73282932000074");
    expect(normalizeSiret("732.829.320.00074")).toBe("73282932000074");
  });
});
