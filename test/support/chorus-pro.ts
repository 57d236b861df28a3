import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type FakePiste, type FakeStructure, startFakePiste } from "./fake-piste/index.ts";
import { principal, STRUCTURE_CHANNEL, validSiret } from "./scenario.ts";

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
