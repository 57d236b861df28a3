import type { IdentifierType } from "../generated/prisma/enums.ts";
import { normalizeSiret, siretProblem } from "./siret.ts";

/**
 * The rule of each kind of structure identifier Chorus Pro knows ("type d'identifiant"). The guide
 * names the kinds without their formats; these are the public formats of each register:
 * - SIRET: 14 digits with its check digit (siret.ts);
 * - UE_HORS_FRANCE: the intra-community VAT number of another EU member state (two-letter prefix,
 *   "EL" for Greece, "XI" for Northern Ireland, then 2 to 13 letters or digits), never a French one;
 * - RIDET (New Caledonia): the 7-digit RID and the 3-digit establishment rank, 10 digits;
 * - TAHITI (French Polynesia): a letter or digit and 5 digits, and optionally the 3-digit
 *   establishment rank;
 * - HORS_UE, PARTICULIER, AUTRE: no public register: 1 to 50 letters, digits, and `-`, `/`, `.`.
 */
const EU_VAT_PREFIXES = new Set([
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "EL",
  "ES",
  "FI",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
  "XI",
]);

const PATTERNS: Record<Exclude<IdentifierType, "SIRET" | "UE_HORS_FRANCE">, RegExp> = {
  RIDET: /^\d{10}$/,
  TAHITI: /^[A-Z0-9]\d{5}(\d{3})?$/,
  HORS_UE: /^[A-Z0-9][A-Z0-9./-]{0,49}$/,
  PARTICULIER: /^[A-Z0-9][A-Z0-9./-]{0,49}$/,
  AUTRE: /^[A-Z0-9][A-Z0-9./-]{0,49}$/,
};

/** What is typed around an identifier and is not part of it: spaces everywhere, dots in numbers. */
export function normalizeIdentifier(type: IdentifierType, raw: string): string {
  if (type === "SIRET") return normalizeSiret(raw);
  const compact = raw.replace(/\s/g, "").toUpperCase();
  return type === "RIDET" || type === "TAHITI" || type === "UE_HORS_FRANCE"
    ? compact.replace(/[.-]/g, "")
    : compact;
}

export type IdentifierProblem = "siret_format" | "siret_checksum" | "format";

/** Why a normalised identifier is not valid for its kind, or null when it is. */
export function identifierProblem(type: IdentifierType, identifier: string): IdentifierProblem | null {
  if (type === "SIRET") {
    const problem = siretProblem(identifier);
    return problem === null ? null : problem === "format" ? "siret_format" : "siret_checksum";
  }
  if (type === "UE_HORS_FRANCE") {
    return EU_VAT_PREFIXES.has(identifier.slice(0, 2)) && /^[A-Z0-9]{2,13}$/.test(identifier.slice(2))
      ? null
      : "format";
  }
  return PATTERNS[type].test(identifier) ? null : "format";
}
