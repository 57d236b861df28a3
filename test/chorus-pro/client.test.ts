import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChorusProError } from "../../src/chorus-pro/api.ts";
import {
  type ChorusProClientOptions,
  chorusProClientFromConfig,
  chorusProConnectionState,
  createChorusProClient,
} from "../../src/chorus-pro/client.ts";
import { loadConfig } from "../../src/config.ts";
import { fr } from "../../src/i18n/fr.ts";
import { createMetrics } from "../../src/metrics.ts";
import { type FakePiste, startFakePiste } from "../support/fake-piste/index.ts";
import { captureLogs } from "../support/log-capture.ts";

const account = { login: "TECH_1_lyon@cpro.fr", password: "S3cr3t-Pass!" };
const LYON = 101;
const DUPONT = 102;
const ELSEWHERE = 103;

function seed(piste: FakePiste): void {
  piste.addStructure({
    id: LYON,
    identifier: "21690123100011",
    designation: "Mairie de Lyon",
    kind: "PUBLIQUE",
    technicalPasswordExpiresAt: new Date("2027-03-01T09:00:00Z"),
    services: [
      { id: 5, code: "FIN05", label: "Paie" },
      { id: 1, code: "FIN01", label: "Comptabilité" },
      { id: 2, code: "FIN02", label: "Achats", active: false },
      { id: 3, code: "FIN03", label: "Travaux" },
      { id: 4, code: "FIN04", label: "Culture" },
    ],
    spaces: [
      { label: "Factures émises" },
      { label: "FACTURES RECUES" },
      { label: "Activites du gestionnaire" },
      { label: "Engagements", state: "SUPPRIME" },
      { label: "Espace des partenaires", code: 42 },
      { label: "Suivi des flux", serviceCode: "FIN01" },
      { label: "Factures reçues", serviceCode: "FIN01" },
      { label: "Sollicitations émises", serviceCode: "FIN02", state: "SUPPRIME" },
    ],
    attachments: [
      {
        email: "alice@exemple.fr",
        serviceCode: null,
        status: "VALIDEE",
        startDate: new Date("2026-01-05T00:00:00Z"),
      },
      { email: "alice@exemple.fr", serviceCode: "FIN01", status: "EN_COURS_DE_VALIDATION" },
      {
        email: "alice@exemple.fr",
        serviceCode: "FIN02",
        status: "DESACTIVEE",
        startDate: new Date("2025-02-01T00:00:00Z"),
        endDate: new Date("2026-06-30T00:00:00Z"),
      },
      { email: "bob@exemple.fr", serviceCode: "FIN03", status: "VALIDEE" },
    ],
  });
  piste.addStructure({
    id: DUPONT,
    identifier: "55210055400013",
    designation: "Dupont et fils",
    kind: "PRIVEE",
    status: "INACTIVE",
  });
  piste.addStructure({ id: ELSEWHERE, identifier: "13000000000017", designation: "Ailleurs" });
  piste.addTechnicalAccount({ ...account, structureIds: [LYON, DUPONT] });
  piste.addTechnicalAccount({ login: "TECH_2@cpro.fr", password: "autre", structureIds: [ELSEWHERE] });
}

async function failureOf(promise: Promise<unknown>): Promise<ChorusProError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChorusProError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("the Chorus Pro client, against a fake PISTE over HTTP", () => {
  let piste: FakePiste;
  let clock: Date;
  let logs: ReturnType<typeof captureLogs>;
  let waits: number[];

  /** A client with short timeouts and waits it records rather than waits (a few ms each). */
  function client(overrides: Partial<ChorusProClientOptions> = {}, fake: FakePiste = piste) {
    return createChorusProClient({
      apiUrl: fake.apiUrl,
      oauthUrl: fake.oauthUrl,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      messages: fr,
      logger: logs.logger,
      now: () => clock,
      timeoutMs: 300,
      retry: { attempts: 3 },
      // Pace on its own test: here, the waits recorded are the retries'.
      pace: { minIntervalMs: 0 },
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
      },
      ...overrides,
    });
  }

  beforeAll(async () => {
    piste = await startFakePiste();
  });

  afterAll(async () => {
    await piste.close();
  });

  beforeEach(() => {
    clock = new Date("2026-12-10T09:00:00Z");
    logs = captureLogs("trace");
    waits = [];
    seed(piste);
  });

  afterEach(() => {
    expect(piste.violations).toEqual([]);
    piste.reset();
  });

  describe("what each call reads", () => {
    it("finds an active structure by its SIRET, asking ACTIF and reading ACTIVE, and nothing for an inactive one or one the account cannot see", async () => {
      const chorusPro = client();
      expect(await chorusPro.findStructure(account, "21690123100011")).toEqual({
        chorusProId: LYON,
        identifier: "21690123100011",
        identifierType: "SIRET",
        designation: "Mairie de Lyon",
        active: true,
      });
      expect(await chorusPro.findStructure(account, "55210055400013", "SIRET")).toBeNull();
      expect(await chorusPro.findStructure(account, "13000000000017")).toBeNull();
      expect(piste.callsTo("rechercher")[0]?.body).toEqual({
        structure: {
          identifiantStructure: "21690123100011",
          typeIdentifiantStructure: "SIRET",
          statutStructure: "ACTIF",
        },
        parametres: {
          nbResultatsParPage: 100,
          pageResultatDemandee: 1,
          triColonne: "IdentifiantStructure",
          triSens: "Ascendant",
        },
      });
    });

    it("consults a public structure by idStructureCPP: its label, kind and technical password's expiry", async () => {
      expect(await client().consultStructure(account, LYON)).toEqual({
        chorusProId: LYON,
        identifier: "21690123100011",
        identifierType: "SIRET",
        designation: "Mairie de Lyon",
        active: true,
        kind: "PUBLIQUE",
        technicalPasswordExpiresAt: new Date("2027-03-01T09:00:00Z"),
      });
      expect(piste.callsTo("consulter")[0]?.body).toEqual({ codeLangue: "fr", idStructureCPP: LYON });
    });

    it("consults a private, inactive structure: its company name, and INACTIVE read as not active", async () => {
      expect(await client().consultStructure(account, DUPONT)).toMatchObject({
        designation: "Dupont et fils",
        kind: "PRIVEE",
        active: false,
        technicalPasswordExpiresAt: null,
      });
    });

    it("lists every service of the structure, reading all the pages PISTE cuts the list into", async () => {
      const services = await client().listServices(account, LYON);
      expect(
        services.map((service) => [service.chorusProId, service.code, service.label, service.active]),
      ).toEqual([
        [1, "FIN01", "Comptabilité", true],
        [2, "FIN02", "Achats", false],
        [3, "FIN03", "Travaux", true],
        [4, "FIN04", "Culture", true],
        [5, "FIN05", "Paie", true],
      ]);
      expect(piste.callsTo("rechercher/services")).toHaveLength(3);
    });

    it("maps the spaces by their labels, whatever the case and accents, per structure and per service, leaving out deleted and unknown ones (logged)", async () => {
      const spaces = await client().listSpaces(account, LYON);
      expect(spaces.structure).toEqual(["FACTURES_EMISES", "FACTURES_RECUES", "ACTIVITES_GESTIONNAIRE"]);
      expect(spaces.byService).toEqual(
        new Map([
          ["FIN01", ["FACTURES_RECUES", "SUIVI_FLUX"]],
          ["FIN02", []],
        ]),
      );
      expect(
        logs.lines.find((line) => line.msg === "Chorus Pro spaces the app does not know, ignored"),
      ).toMatchObject({
        chorusPro: { spaces: ["Espace des partenaires (42)"] },
      });
    });

    it("lists a user's attachments by login e-mail, the structure's and each service's, with their dates, over every page", async () => {
      expect(await client().listUserAttachments(account, LYON, "alice@exemple.fr")).toEqual([
        {
          serviceCode: null,
          serviceLabel: null,
          status: "VALIDEE",
          startDate: new Date("2026-01-05T00:00:00Z"),
          endDate: null,
        },
        {
          serviceCode: "FIN01",
          serviceLabel: "Comptabilité",
          status: "EN_COURS_DE_VALIDATION",
          startDate: null,
          endDate: null,
        },
        {
          serviceCode: "FIN02",
          serviceLabel: "Achats",
          status: "DESACTIVEE",
          startDate: new Date("2025-02-01T00:00:00Z"),
          endDate: new Date("2026-06-30T00:00:00Z"),
        },
      ]);
      expect(piste.callsTo("lister/rattachementsutilisateur")).toHaveLength(2);
    });
  });

  describe("the app's PISTE token", () => {
    it("is asked once and kept across calls, then renewed once it is about to expire", async () => {
      const chorusPro = client();
      await chorusPro.findStructure(account, "21690123100011");
      await chorusPro.listServices(account, LYON);
      expect(piste.tokensIssued).toBe(1);
      clock = new Date(clock.getTime() + 3590 * 1000);
      await chorusPro.findStructure(account, "21690123100011");
      expect(piste.tokensIssued).toBe(2);
    });

    it("is renewed once when PISTE revokes it early, and the call goes through", async () => {
      const chorusPro = client();
      await chorusPro.findStructure(account, "21690123100011");
      piste.revokeTokens();
      expect(await chorusPro.findStructure(account, "21690123100011")).not.toBeNull();
      expect(piste.tokensIssued).toBe(2);
      piste.failNext(1, { kind: "token-revoked" });
      expect(await chorusPro.listServices(account, LYON)).toHaveLength(5);
      expect(piste.tokensIssued).toBe(3);
    });

    it("refused by PISTE (wrong client secret) fails every call as refused, naming the app's settings, and marks the connection unreachable", async () => {
      const chorusPro = client({ clientSecret: "wrong" });
      const error = await failureOf(chorusPro.findStructure(account, "21690123100011"));
      expect(error.failure).toBe("refused");
      expect(error.message).toBe(fr.chorusPro.appRefused);
      expect(chorusPro.connectionState()).toEqual({
        state: "unreachable",
        since: clock,
        reason: fr.chorusPro.appRefused,
      });
      expect(piste.callsTo("rechercher")).toHaveLength(0);
    });
  });

  describe("the technical account", () => {
    it("refused (wrong password) fails as refused with a message that says so, after one renewal of a cached token, no more", async () => {
      const chorusPro = client();
      await chorusPro.findStructure(account, "21690123100011");
      const error = await failureOf(chorusPro.listServices({ ...account, password: "faux" }, LYON));
      expect(error.failure).toBe("refused");
      expect(error.message).toBe(fr.chorusPro.accountRefused("Identifiants du compte technique invalides"));
      expect(error.message).toMatch(/^Chorus Pro refuse les identifiants du compte technique/);
      expect(piste.callsTo("rechercher/services")).toHaveLength(2);
      expect(piste.tokensIssued).toBe(2);
      // Chorus Pro answered: the connection itself is fine.
      expect(chorusPro.connectionState()).toEqual({ state: "ok", checkedAt: clock });
    });

    it("revoked fails at once with a token just obtained", async () => {
      piste.revokeTechnicalAccount(account.login);
      const error = await failureOf(client().consultStructure(account, LYON));
      expect(error.failure).toBe("refused");
      expect(piste.callsTo("consulter")).toHaveLength(1);
    });
  });

  describe("Chorus Pro's functional errors", () => {
    it("turn {codeRetour, libelle} into a rejected call whose message quotes Chorus Pro (HTTP 400)", async () => {
      const error = await failureOf(client().consultStructure(account, ELSEWHERE));
      expect(error).toMatchObject({ failure: "rejected", codeRetour: 20003 });
      expect(error.libelle).toMatch(/inconnue ou non accessible/);
      expect(error.message).toBe(fr.chorusPro.rejected(error.libelle ?? "", 20003));
      expect(error.message).toMatch(/^Chorus Pro a refusé l'appel : « GCU_MSG_04_003 Structure 103 inconnue/);
    });

    it("are rejected calls too when PISTE answers them with HTTP 200", async () => {
      const lenient = await startFakePiste({ functionalErrorStatus: 200 });
      try {
        seed(lenient);
        const error = await failureOf(client({}, lenient).listServices(account, ELSEWHERE));
        expect(error).toMatchObject({ failure: "rejected", codeRetour: 20003 });
        expect(lenient.violations).toEqual([]);
      } finally {
        await lenient.close();
      }
    });
  });

  describe("pace and retries", () => {
    it("waits as long as a 429's Retry-After says, then succeeds", async () => {
      piste.failNext(1, { kind: "rate-limited", retryAfterSeconds: 2 });
      expect(await client().consultStructure(account, LYON)).toMatchObject({ chorusProId: LYON });
      expect(waits).toContain(2000);
      expect(piste.callsTo("consulter").map((call) => call.status)).toEqual([429, 200]);
    });

    it("gives up at once on a Retry-After longer than it may wait, as unreachable", async () => {
      piste.failNext(1, { kind: "rate-limited", retryAfterSeconds: 600 });
      const error = await failureOf(client().consultStructure(account, LYON));
      expect(error.message).toBe(fr.chorusPro.unreachable(fr.chorusPro.reasons.rateLimited));
    });

    it("retries 5xx answers with growing waits, on the API and on the token endpoint, then succeeds", async () => {
      piste.failNext(1, { kind: "server-error", status: 500 }, "token");
      piste.failNext(2, { kind: "server-error", status: 503 });
      const metrics = createMetrics({
        outboxStats: async () => ({ pending: 0, failed: 0, oldestAgeSeconds: 0 }),
      });
      expect(
        await client({ metrics, retry: { attempts: 3, baseDelayMs: 100 } }).listServices(account, LYON),
      ).toHaveLength(5);
      // The token's retry, then the API's two, each between half and all of 100 ms, 200 ms…
      expect(waits).toHaveLength(3);
      expect(waits[1]).toBeGreaterThanOrEqual(50);
      expect(waits[2]).toBeGreaterThanOrEqual(100);
      expect((await metrics.chorusProRetries.get()).values).toEqual(
        expect.arrayContaining([expect.objectContaining({ labels: { reason: "server_error" }, value: 3 })]),
      );
      expect((await metrics.chorusProCalls.get()).values).toEqual([
        expect.objectContaining({ labels: { operation: "rechercher/services", outcome: "ok" }, value: 1 }),
      ]);
    });

    it("spaces its calls by the minimum interval, one at a time", async () => {
      const chorusPro = client({ pace: { minIntervalMs: 50 } });
      await Promise.all([chorusPro.consultStructure(account, LYON), chorusPro.listServices(account, LYON)]);
      // Every call after the first waited for its turn.
      expect(waits.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(3);
    });
  });

  describe("the connection state", () => {
    it("goes from ok (never checked) to unreachable after timeouts, stays unreachable since the first failure, and back to ok on the next success", async () => {
      const chorusPro = client({ timeoutMs: 100, retry: { attempts: 2 } });
      expect(chorusPro.connectionState()).toEqual({ state: "ok", checkedAt: null });
      piste.failNext(4, { kind: "hang" });
      const first = new Date(clock);
      const error = await failureOf(chorusPro.consultStructure(account, LYON));
      expect(error).toMatchObject({
        failure: "unreachable",
        message: fr.chorusPro.unreachable(fr.chorusPro.reasons.timeout),
      });
      expect(error.message).toMatch(/^Chorus Pro injoignable/);
      clock = new Date(clock.getTime() + 60_000);
      await failureOf(chorusPro.consultStructure(account, LYON));
      expect(chorusPro.connectionState()).toEqual({
        state: "unreachable",
        since: first,
        reason: error.message,
      });
      clock = new Date(clock.getTime() + 60_000);
      await chorusPro.consultStructure(account, LYON);
      expect(chorusPro.connectionState()).toEqual({ state: "ok", checkedAt: clock });
    });

    it("is off without PISTE credentials: the configuration builds no client", () => {
      const required = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "secret-0123456789" };
      const off = chorusProClientFromConfig(loadConfig(required), { messages: fr, logger: logs.logger });
      expect(off).toBeNull();
      expect(chorusProConnectionState(off)).toEqual({ state: "off" });
    });

    it("is built from the configuration when the credentials are set, and reaches PISTE", async () => {
      const config = loadConfig({
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: "secret-0123456789",
        CHORUS_PRO_CLIENT_ID: piste.clientId,
        CHORUS_PRO_CLIENT_SECRET: piste.clientSecret,
        CHORUS_PRO_SECRET_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        CHORUS_PRO_API_URL: piste.apiUrl,
        CHORUS_PRO_OAUTH_URL: piste.oauthUrl,
        CHORUS_PRO_MIN_INTERVAL_MS: "0",
      });
      const chorusPro = chorusProClientFromConfig(config, { messages: fr, logger: logs.logger });
      expect(await chorusPro?.findStructure(account, "21690123100011")).toMatchObject({ chorusProId: LYON });
      expect(chorusProConnectionState(chorusPro)).toMatchObject({ state: "ok" });
    });
  });

  it("logs neither the technical account's password, nor its cpro-account header, nor the app's secret or tokens", async () => {
    const chorusPro = client({ timeoutMs: 100, retry: { attempts: 2 } });
    await chorusPro.listSpaces(account, LYON);
    piste.failNext(1, { kind: "rate-limited", retryAfterSeconds: 1 });
    piste.failNext(1, { kind: "server-error" });
    await failureOf(chorusPro.consultStructure(account, LYON));
    await failureOf(chorusPro.listServices({ ...account, password: "faux-Secret" }, LYON));
    await failureOf(client({ clientSecret: "wrong-secret" }).listServices(account, LYON));
    const logged = JSON.stringify(logs.lines);
    expect(logs.lines.length).toBeGreaterThan(3);
    for (const secret of [
      account.password,
      "faux-Secret",
      Buffer.from(`${account.login}:${account.password}`).toString("base64"),
      piste.clientSecret,
      "wrong-secret",
      "Bearer",
      "access_token",
    ])
      expect(logged).not.toContain(secret);
  });
});
