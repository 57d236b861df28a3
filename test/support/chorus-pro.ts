import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { Harness } from "./app-harness.ts";
import { type FakePiste, type FakeStructure, startFakePiste } from "./fake-piste/index.ts";
import { principal, requester, STRUCTURE_CHANNEL, validSiret } from "./scenario.ts";

export const SIRET = validSiret(4242421);
export const ACCOUNT = { login: "TECH_1_MAIRIE@cpro.fr", password: "Mot-de-passe-technique-1" };
export const EXPIRES = new Date("2027-06-30T00:00:00Z");

/** The structure as Chorus Pro holds it: two services (one inactive) and spaces, one only for RH. */
export function chorusProStructure(): FakeStructure {
  return {
    id: 30001,
    identifier: SIRET,
    designation: "Commune de Saint-Exemple",
    kind: "PUBLIQUE",
    technicalPasswordExpiresAt: EXPIRES,
    services: [
      { id: 501, code: "RH", label: "Ressources humaines" },
      { id: 502, code: "COMPTA", label: "Comptabilité" },
      { id: 503, code: "ARCH", label: "Archives", active: false },
    ],
    spaces: [
      { label: "Factures reçues" },
      { label: "Factures émises" },
      { label: "Suivi des flux" },
      { label: "Factures reçues", serviceCode: "RH" },
      { label: "Factures reçues", serviceCode: "COMPTA" },
      { label: "Suivi des flux", serviceCode: "COMPTA" },
    ],
  };
}

/** Starts the fake PISTE server before the app, and points the app's settings at it. */
export function useFakePiste(env: Record<string, string>): () => FakePiste {
  let piste: FakePiste | undefined;
  beforeAll(async () => {
    piste = await startFakePiste({ tokenLifetimeSeconds: 3600 });
    Object.assign(env, {
      CHORUS_PRO_CLIENT_ID: piste.clientId,
      CHORUS_PRO_CLIENT_SECRET: piste.clientSecret,
      CHORUS_PRO_API_URL: piste.apiUrl,
      CHORUS_PRO_OAUTH_URL: piste.oauthUrl,
      CHORUS_PRO_SECRET_KEY: "a".repeat(64),
      CHORUS_PRO_MIN_INTERVAL_MS: "0",
      CHORUS_PRO_TIMEOUT_MS: "2000",
    });
  });
  afterEach(() => {
    expect(piste?.violations).toEqual([]);
    piste?.reset();
  });
  afterAll(async () => {
    await piste?.close();
  });
  return () => {
    if (!piste) throw new Error("the fake PISTE server is used before it started");
    return piste;
  };
}

export function seedChorusPro(piste: FakePiste, structure = chorusProStructure()): FakeStructure {
  piste.addStructure(structure);
  piste.addTechnicalAccount({ ...ACCOUNT, structureIds: [structure.id] });
  return structure;
}

export const importBody = (overrides: Record<string, unknown> = {}) => ({
  identifier: SIRET,
  technicalAccount: ACCOUNT,
  principalManager: {
    loginEmail: principal.email,
    lastName: principal.lastName,
    firstName: principal.firstName,
  },
  slackChannelId: STRUCTURE_CHANNEL,
  ...overrides,
});

/**
 * `requester` as an active account attached here to the imported structure's service `serviceCode`
 * (written directly: how they came to be attached does not matter to these tests).
 */
export async function attachRequesterTo(h: Harness, serviceCode: string) {
  const { prisma } = h.database;
  const structure = await prisma.structure.findUniqueOrThrow({
    where: { identifier: SIRET },
    include: { services: true },
  });
  const service = structure.services.find((one) => one.code === serviceCode);
  const user = await prisma.userAccount.create({
    data: {
      loginEmail: requester.email,
      firstName: requester.firstName,
      lastName: requester.lastName,
      firstNameKey: "rene",
      lastNameKey: "demandeur",
      status: "ACTIVE",
    },
  });
  await prisma.attachment.create({
    data: {
      userId: user.id,
      structureId: structure.id,
      serviceId: service?.id ?? null,
      scopeKey: service?.id ?? "*",
      startDate: new Date("2026-01-01"),
    },
  });
  await h.settle();
  return { structure, userId: user.id };
}
