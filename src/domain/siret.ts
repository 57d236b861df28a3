/** SIREN of La Poste: its establishments' SIRETs follow a sum-of-digits rule instead of Luhn. */
const LA_POSTE_SIREN = "356000000";

function digitsOf(value: string): number[] {
  return [...value].map(Number);
}

/** Luhn checksum, as INSEE uses it for SIREN and SIRET numbers. */
export function passesLuhn(value: string): boolean {
  let sum = 0;
  const digits = digitsOf(value).reverse();
  digits.forEach((digit, index) => {
    const weighted = index % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  });
  return sum % 10 === 0;
}

export type SiretProblem = "format" | "checksum";

/** No SIREN is nine zeros, although they pass Luhn (as the all-zero SIRET does). */
const NO_SIREN = "000000000";

/** Why a SIRET is invalid, or null when it is valid (14 digits, Luhn, or La Poste's rule). */
export function siretProblem(siret: string): SiretProblem | null {
  if (!/^\d{14}$/.test(siret)) return "format";
  if (siret.startsWith(NO_SIREN)) return "checksum";
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const digitSum = digitsOf(siret).reduce((total, digit) => total + digit, 0);
    return digitSum % 5 === 0 || passesLuhn(siret) ? null : "checksum";
  }
  return passesLuhn(siret) ? null : "checksum";
}

/** Users paste SIRETs with spaces ("123 456 789 00012"): keep the digits only. */
export function normalizeSiret(input: string): string {
  return input.replace(/[\s.]/g, "");
}
