import type { Space } from "../generated/prisma/enums.ts";

/** A structure as this app holds it, for a comparison with Chorus Pro. */
export interface HeldStructure {
  designation: string;
  spaces: readonly Space[];
  services: readonly { id: string; code: string; label: string; active: boolean; spaces: readonly Space[] }[];
}

/** The same structure as Chorus Pro shows it now. */
export interface ChorusProView {
  designation: string;
  spaces: readonly Space[];
  services: readonly {
    code: string;
    label: string;
    active: boolean;
    spaces: readonly Space[];
    chorusProId: number;
  }[];
}

export interface Change<T> {
  from: T;
  to: T;
}

/** What Chorus Pro changed since the last sync, to apply here. */
export interface SyncPlan {
  designation: Change<string> | null;
  spaces: Change<Space[]> | null;
  newServices: ChorusProView["services"][number][];
  /** Services still here and in Chorus Pro whose label or spaces changed. */
  changedServices: {
    id: string;
    code: string;
    label: Change<string> | null;
    spaces: Change<Space[]> | null;
  }[];
  /** Active here, but inactive in Chorus Pro or gone from it. */
  deactivatedServices: { id: string; code: string; label: string }[];
  /** Inactive here, active again in Chorus Pro. */
  reactivatedServices: { id: string; code: string; label: string }[];
}

const sorted = (spaces: readonly Space[]): Space[] => [...new Set(spaces)].sort();
const sameSpaces = (left: readonly Space[], right: readonly Space[]) =>
  sorted(left).join() === sorted(right).join();

/**
 * The changes that bring what this app holds to what Chorus Pro shows: a service is matched by its
 * code; its spaces are kept among the structure's (a service never uses what its structure does not).
 */
export function planSync(held: HeldStructure, chorusPro: ChorusProView): SyncPlan {
  const structureSpaces = sorted(chorusPro.spaces);
  const remoteByCode = new Map(chorusPro.services.map((service) => [service.code, service]));
  const heldCodes = new Set(held.services.map((service) => service.code));
  const plan: SyncPlan = {
    designation:
      held.designation === chorusPro.designation
        ? null
        : { from: held.designation, to: chorusPro.designation },
    spaces: sameSpaces(held.spaces, structureSpaces)
      ? null
      : { from: sorted(held.spaces), to: structureSpaces },
    newServices: chorusPro.services
      .filter((service) => !heldCodes.has(service.code))
      .map((service) => ({
        ...service,
        spaces: service.spaces.filter((space) => structureSpaces.includes(space)),
      })),
    changedServices: [],
    deactivatedServices: [],
    reactivatedServices: [],
  };
  for (const service of held.services) {
    const remote = remoteByCode.get(service.code);
    const named = { id: service.id, code: service.code, label: service.label };
    if (!remote?.active) {
      if (service.active) plan.deactivatedServices.push(named);
      continue;
    }
    if (!service.active) plan.reactivatedServices.push(named);
    const spaces = sorted(remote.spaces.filter((space) => structureSpaces.includes(space)));
    const label = service.label === remote.label ? null : { from: service.label, to: remote.label };
    const spacesChange = sameSpaces(service.spaces, spaces)
      ? null
      : { from: sorted(service.spaces), to: spaces };
    if (label || spacesChange)
      plan.changedServices.push({ id: service.id, code: service.code, label, spaces: spacesChange });
  }
  return plan;
}

/** Whether the plan changes nothing. */
export function changesNothing(plan: SyncPlan): boolean {
  return (
    !plan.designation &&
    !plan.spaces &&
    plan.newServices.length === 0 &&
    plan.changedServices.length === 0 &&
    plan.deactivatedServices.length === 0 &&
    plan.reactivatedServices.length === 0
  );
}

/** Days before a technical account's password expires when its principal manager is told. */
export const PASSWORD_EXPIRY_NOTICES = [30, 7, 0] as const;
export type PasswordExpiryNotice = (typeof PASSWORD_EXPIRY_NOTICES)[number];

/**
 * The notice due `daysLeft` days before the password expires: the nearest threshold not yet passed
 * (so a day the job did not run is caught up the next), the last one on the day and after; none
 * beyond the first.
 */
export function passwordExpiryNoticeDue(daysLeft: number): PasswordExpiryNotice | null {
  const due = [...PASSWORD_EXPIRY_NOTICES].reverse().find((threshold) => daysLeft <= threshold);
  return due ?? null;
}

/** Where a user is attached: the whole structure, or some services by code. */
export interface AttachmentScopeByCode {
  wholeStructure: boolean;
  serviceCodes: string[];
}

/**
 * What Chorus Pro's validated attachments of a user on a structure grant (`VALIDEE` on the structure
 * itself: all of it; otherwise the services listed); null when none is validated there.
 */
export function validatedScope(
  attachments: readonly { serviceCode: string | null; status: string }[],
): AttachmentScopeByCode | null {
  const validated = attachments.filter((attachment) => attachment.status === "VALIDEE");
  if (validated.length === 0) return null;
  if (validated.some((attachment) => attachment.serviceCode === null))
    return { wholeStructure: true, serviceCodes: [] };
  return {
    wholeStructure: false,
    serviceCodes: [...new Set(validated.map((one) => one.serviceCode ?? ""))].sort(),
  };
}

/** Whether two scopes (either possibly none) grant the same. */
export function sameScope(left: AttachmentScopeByCode | null, right: AttachmentScopeByCode | null): boolean {
  if (!left || !right) return left === right;
  if (left.wholeStructure || right.wholeStructure) return left.wholeStructure === right.wholeStructure;
  return [...left.serviceCodes].sort().join() === [...right.serviceCodes].sort().join();
}
