/** Key of an attachment or subscription covering the whole structure (see schema `scopeKey`). */
export const WHOLE_STRUCTURE_SCOPE = "*";

export function scopeKeyOf(serviceId: string | null): string {
  return serviceId ?? WHOLE_STRUCTURE_SCOPE;
}

/** What a manager grants when validating an attachment request. */
export type GrantedScope = { wholeStructure: true } | { wholeStructure: false; serviceIds: string[] };

export type ScopeProblem = "nothing_chosen" | "both_chosen" | "unknown_service" | "already_attached";

/**
 * Checks a manager's choice against the structure: either the whole structure or some of its active
 * services not already granted, never both, never nothing (the guide's "Rattacher à la structure"
 * or "uniquement les services concernés").
 */
export function checkGrantedScope(options: {
  wholeStructure: boolean;
  serviceIds: readonly string[];
  activeServiceIds: ReadonlySet<string>;
  alreadyAttachedServiceIds: ReadonlySet<string>;
}): { scope: GrantedScope } | { problem: ScopeProblem } {
  const { wholeStructure, serviceIds, activeServiceIds, alreadyAttachedServiceIds } = options;
  if (wholeStructure && serviceIds.length > 0) return { problem: "both_chosen" };
  if (wholeStructure) return { scope: { wholeStructure: true } };
  if (serviceIds.length === 0) return { problem: "nothing_chosen" };
  if (serviceIds.some((id) => !activeServiceIds.has(id))) return { problem: "unknown_service" };
  if (serviceIds.some((id) => alreadyAttachedServiceIds.has(id))) return { problem: "already_attached" };
  return { scope: { wholeStructure: false, serviceIds: [...new Set(serviceIds)] } };
}
