import { describe, expect, it } from "vitest";
import { identifierProblem, normalizeIdentifier } from "../../src/domain/structure-identifier.ts";
import type { IdentifierType } from "../../src/generated/prisma/enums.ts";

describe("the identifier of each kind of structure", () => {
  it.each<[IdentifierType, string, string, ReturnType<typeof identifierProblem>]>([
    ["SIRET", "732 829 320 00074", "73282932000074", null],
    ["SIRET", "73282932000075", "73282932000075", "siret_checksum"],
    ["SIRET", "7328293200007", "7328293200007", "siret_format"],
    ["UE_HORS_FRANCE", "de 123456789", "DE123456789", null],
    ["UE_HORS_FRANCE", "EL-094259216", "EL094259216", null],
    ["UE_HORS_FRANCE", "XI123456789", "XI123456789", null],
    ["UE_HORS_FRANCE", "FR40303265045", "FR40303265045", "format"],
    ["UE_HORS_FRANCE", "GB123456789", "GB123456789", "format"],
    ["UE_HORS_FRANCE", "DE1", "DE1", "format"],
    ["RIDET", "0123456.001", "0123456001", null],
    ["RIDET", "123456", "123456", "format"],
    ["TAHITI", "a12345", "A12345", null],
    ["TAHITI", "A12345 001", "A12345001", null],
    ["TAHITI", "AB1234", "AB1234", "format"],
    ["HORS_UE", " us-12/34.5 ", "US-12/34.5", null],
    ["HORS_UE", "-12", "-12", "format"],
    ["PARTICULIER", "P123", "P123", null],
    ["PARTICULIER", "x".repeat(51), "X".repeat(51), "format"],
    ["AUTRE", "ABC#1", "ABC#1", "format"],
    ["AUTRE", "", "", "format"],
  ])("checks a %s typed « %s » (kept as %s): %s", (type, typed, kept, problem) => {
    const identifier = normalizeIdentifier(type, typed);
    expect(identifier).toBe(kept);
    expect(identifierProblem(type, identifier)).toBe(problem);
  });
});
