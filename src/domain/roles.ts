import type { Role } from "../generated/prisma/enums.ts";

/** Roles that make someone a manager ("gestionnaire") of a structure. */
const MANAGER_ROLES: ReadonlySet<Role> = new Set(["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"]);

/** Roles a manager may grant when deciding a request; the principal role is only handed over. */
export const GRANTABLE_ROLES = ["SIMPLE_USER", "SECONDARY_MANAGER"] as const satisfies readonly Role[];
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export function isManagerRole(role: Role): boolean {
  return MANAGER_ROLES.has(role);
}

export function isGrantableRole(value: string): value is GrantableRole {
  return (GRANTABLE_ROLES as readonly string[]).includes(value);
}

/** The strongest of a user's roles on one structure (a user may hold several scoped attachments). */
export function strongestRole(roles: readonly Role[]): Role | null {
  if (roles.includes("PRINCIPAL_MANAGER")) return "PRINCIPAL_MANAGER";
  if (roles.includes("SECONDARY_MANAGER")) return "SECONDARY_MANAGER";
  return roles.includes("SIMPLE_USER") ? "SIMPLE_USER" : null;
}
