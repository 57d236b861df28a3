import { passesLuhn } from "../../src/domain/siret.ts";
import type { Prisma } from "../../src/generated/prisma/client.ts";
import type { AccountStatus } from "../../src/generated/prisma/enums.ts";
import { startBulkRun } from "../../src/services/requests/start-bulk-run.ts";
import type { Actor } from "../../src/services/slack-workspace/slack-identities.ts";
import { ActionIds, BlockIds, CallbackIds, WHOLE_STRUCTURE_VALUE } from "../../src/slack/ids.ts";
import type { Harness } from "./app-harness.ts";
import { DEFAULT_TEAM_ID, slackOption } from "./slack-requests.ts";

/** A valid SIRET (Luhn) built from a number, so each test gets its own. */
export function validSiret(seed: number): string {
  // A leading 1: no SIREN is nine zeros, which small seeds would give.
  const body = `1${String(seed).padStart(12, "0").slice(-12)}`;
  for (let digit = 0; digit <= 9; digit++) {
    if (passesLuhn(`${body}${digit}`)) return `${body}${digit}`;
  }
  throw new Error("unreachable: one check digit always fits");
}

export interface Person {
  slackId: string;
  email: string;
  firstName: string;
  lastName: string;
}

export const principal: Person = {
  slackId: "UPRINC0001",
  email: "paule.principale@exemple.fr",
  firstName: "Paule",
  lastName: "Principale",
};
export const secondary: Person = {
  slackId: "USECON0001",
  email: "sami.second@exemple.fr",
  firstName: "Sami",
  lastName: "Second",
};
export const requester: Person = {
  slackId: "UREQUE0001",
  email: "rene.demandeur@exemple.fr",
  firstName: "René",
  lastName: "Demandeur",
};
export const outsider: Person = {
  slackId: "UOUTSI0001",
  email: "odile.dehors@exemple.fr",
  firstName: "Odile",
  lastName: "Dehors",
};

export const STRUCTURE_CHANNEL = "CSTRUCT0001";

/** The REST API body that creates a public structure whose principal manager is `principal`. */
export function structureBody(identifier: string, designation: string, slackChannelId?: string | null) {
  return {
    identifier,
    designation,
    kind: "PUBLIQUE",
    principalManager: {
      loginEmail: principal.email,
      firstName: principal.firstName,
      lastName: principal.lastName,
    },
    ...(slackChannelId ? { slackChannelId } : {}),
  };
}

export interface SeededStructure {
  identifier: string;
  designation: string;
}

/**
 * Through the real REST API: a structure with `principal` as its principal manager and the other
 * people as accounts; every person is also a user of the fake Slack workspace.
 */
export async function seedStructure(
  h: Harness,
  options: { seed?: number; channel?: string | null; services?: { code: string; label: string }[] } = {},
): Promise<SeededStructure> {
  const identifier = validSiret(options.seed ?? 1234567);
  const designation = "Mairie de Saint-Exemple";
  for (const person of [principal, secondary, requester, outsider]) {
    h.slack.addUser({
      id: person.slackId,
      email: person.email,
      realName: `${person.firstName} ${person.lastName}`,
    });
  }
  const created = await h.api("POST", "/api/v1/structures", {
    identifier,
    designation,
    kind: "PUBLIQUE",
    services: options.services ?? [],
    principalManager: {
      loginEmail: principal.email,
      firstName: principal.firstName,
      lastName: principal.lastName,
    },
    ...(options.channel === null ? {} : { slackChannelId: options.channel ?? STRUCTURE_CHANNEL }),
  });
  if (created.status !== 201) throw new Error(`structure not created: ${JSON.stringify(created.json)}`);
  for (const person of [secondary, requester, outsider]) {
    const user = await h.api("POST", "/api/v1/users", {
      loginEmail: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
    });
    // A second structure of the same test finds the people already registered.
    if (user.status !== 201 && user.status !== 409)
      throw new Error(`user not created: ${JSON.stringify(user.json)}`);
  }
  return { identifier, designation };
}

/** Makes `secondary` a secondary manager of the structure, directly in the database. */
export async function makeSecondaryManager(h: Harness, structure: SeededStructure): Promise<void> {
  const { prisma } = h.database;
  const [found, user] = await Promise.all([
    prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } }),
    prisma.userAccount.findUniqueOrThrow({ where: { loginEmail: secondary.email } }),
  ]);
  await prisma.attachment.create({
    data: {
      userId: user.id,
      structureId: found.id,
      scopeKey: "*",
      role: "SECONDARY_MANAGER",
      status: "VALIDATED",
      startDate: new Date("2026-01-01"),
    },
  });
}

/** A seeded person as the use cases see them acting from Slack. */
export async function actorOf(h: Harness, person: Person): Promise<Actor> {
  const account = await h.database.prisma.userAccount.findUniqueOrThrow({
    where: { loginEmail: person.email },
  });
  return {
    accountId: account.id,
    name: `${person.firstName} ${person.lastName}`,
    slackUserId: person.slackId,
    teamId: null,
  };
}

/** Files an attachment request through the API and returns its id. */
export async function fileRequest(
  h: Harness,
  structure: SeededStructure,
  options: { serviceCodes?: string[]; comment?: string; email?: string } = {},
): Promise<string> {
  const created = await h.api("POST", "/api/v1/attachment-requests", {
    structureIdentifier: structure.identifier,
    userLoginEmail: options.email ?? requester.email,
    ...(options.serviceCodes ? { serviceCodes: options.serviceCodes } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
  });
  if (created.status !== 201) throw new Error(`request not created: ${JSON.stringify(created.json)}`);
  return created.json.id as string;
}

/**
 * Starts a bulk decision on requests of one kind (attachment by default) as the seeded principal manager, as the bulk modal's
 * submission does; returns the run's id (the run itself is left to `runBulkDecision`).
 */
export async function startPrincipalBulkRun(
  h: Harness,
  decision: { action: "VALIDATE" } | { action: "REFUSE"; reason: string },
  requestIds: string[],
  type: "attachment" | "subscription" = "attachment",
): Promise<string> {
  const actor = await actorOf(h, principal);
  return startBulkRun(h.runtime.ctx, actor, {
    teamId: DEFAULT_TEAM_ID,
    action: decision.action,
    reason: decision.action === "REFUSE" ? decision.reason : null,
    selection: requestIds.map((id) => ({ type, id })),
  });
}

/** The seeded principal validates an attachment request in the modal with this role, on these services (none: whole). */
export async function validateInModal(
  h: Harness,
  requestId: string,
  role: string,
  serviceIds: string[],
): Promise<void> {
  const answer = await h.submitView({
    userId: principal.slackId,
    callbackId: CallbackIds.validateAttachmentModal,
    privateMetadata: JSON.stringify({ type: "attachment", requestId }),
    values: {
      [BlockIds.role]: {
        [ActionIds.roleInput]: { type: "radio_buttons", selected_option: slackOption(role) },
      },
      [BlockIds.wholeStructure]: {
        [ActionIds.wholeStructureInput]: {
          type: "checkboxes",
          selected_options: serviceIds.length === 0 ? [slackOption(WHOLE_STRUCTURE_VALUE)] : [],
        },
      },
      [BlockIds.services]: {
        [ActionIds.servicesInput]: {
          type: "multi_static_select",
          selected_options: serviceIds.map((id) => slackOption(id)),
        },
      },
    },
  });
  if (answer.json !== null) throw new Error(`validation refused: ${JSON.stringify(answer.json)}`);
  await h.settle();
}

/** The services of {@link seedStructureWithSpaces}. */
export const TWO_SERVICES = [
  { code: "RH", label: "Ressources humaines" },
  { code: "COMPTA", label: "Comptabilité" },
];

/** A structure using two invoice spaces and the manager's space, with two services (RH, COMPTA). */
export async function seedStructureWithSpaces(h: Harness): Promise<SeededStructure> {
  const structure = await seedStructure(h, { services: TWO_SERVICES });
  const patched = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
    spaces: ["FACTURES_EMISES", "FACTURES_RECUES", "ACTIVITES_GESTIONNAIRE"],
  });
  if (patched.status !== 200) throw new Error(`spaces not set: ${JSON.stringify(patched.json)}`);
  await h.settle();
  return structure;
}

/**
 * `count` active accounts named "<Prefix> Numéro00", "Numéro01"… (login `<prefix><n>@exemple.fr`),
 * each attached to the structure as `attach(index)` says; returns nothing, the names are the point.
 */
export async function seedNumberedUsers(
  h: Harness,
  structure: SeededStructure,
  options: {
    prefix: string;
    count: number;
    status?: (index: number) => AccountStatus;
    attachment?: (index: number) => Partial<Prisma.AttachmentUncheckedCreateInput>;
  },
): Promise<void> {
  const { prisma } = h.database;
  const row = await prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } });
  const number = (index: number) => String(index).padStart(2, "0");
  for (let index = 0; index < options.count; index++) {
    const user = await prisma.userAccount.create({
      data: {
        loginEmail: `${options.prefix.toLowerCase()}${index}@exemple.fr`,
        firstName: options.prefix,
        lastName: `Numéro${number(index)}`,
        firstNameKey: options.prefix.toLowerCase(),
        lastNameKey: `numero${number(index)}`,
        status: options.status?.(index) ?? "ACTIVE",
      },
    });
    await prisma.attachment.create({
      data: {
        userId: user.id,
        structureId: row.id,
        scopeKey: "*",
        startDate: new Date("2026-01-01"),
        ...options.attachment?.(index),
      },
    });
  }
}

/** `userId` (the seeded principal by default) submits the « Refuser » modal of an attachment request with `reason`. */
export function refuseInModal(h: Harness, requestId: string, reason: string, userId = principal.slackId) {
  return h.submitView({
    userId,
    callbackId: CallbackIds.refuseRequestModal,
    privateMetadata: JSON.stringify({ type: "attachment", requestId }),
    values: { [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: reason } } },
  });
}
