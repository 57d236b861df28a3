import type { Role, Space } from "../generated/prisma/enums.ts";
import { isManagerRole } from "./roles.ts";

/**
 * The spaces only managers reach (the guide: access to each space depends on the role; "Activités du
 * gestionnaire" is where a manager works). Every other space is open to every role.
 */
const MANAGER_ONLY_SPACES: ReadonlySet<Space> = new Set(["ACTIVITES_GESTIONNAIRE"]);

/** Whether a user holding `role` on a structure may be subscribed to `space` there (none: not attached). */
export function isSpaceAllowed(role: Role | null, space: Space): boolean {
  if (role === null) return false;
  return isManagerRole(role) || !MANAGER_ONLY_SPACES.has(space);
}

/**
 * The spaces an attachment opens at once (the guide: "le rattachement à une structure permet
 * d'accéder aux espaces par défaut"): those the structure uses that the role allows, and for a
 * manager the manager's own space even when the structure's settings leave it out.
 */
export function defaultSpaces(role: Role, structureSpaces: readonly Space[]): Space[] {
  const spaces = new Set(structureSpaces.filter((space) => isSpaceAllowed(role, space)));
  if (isManagerRole(role)) for (const space of MANAGER_ONLY_SPACES) spaces.add(space);
  return [...spaces];
}
