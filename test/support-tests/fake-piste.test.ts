import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakePiste, startFakePiste } from "../support/fake-piste/index.ts";

const login = "TECH_1@cpro.fr";
const cproAccount = Buffer.from(`${login}:motdepasse`).toString("base64");

describe("the fake PISTE server", () => {
  let piste: FakePiste;

  async function token(secret = piste.clientSecret): Promise<Response> {
    return fetch(piste.oauthUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: piste.clientId,
        client_secret: secret,
        scope: "openid",
      }).toString(),
    });
  }

  async function call(
    operation: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const { access_token } = (await (await token()).json()) as { access_token: string };
    return fetch(`${piste.apiUrl}/cpro/structures/v1/${operation}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${access_token}`,
        "cpro-account": cproAccount,
        "content-type": "application/json;charset=utf-8",
        accept: "application/json;charset=utf-8",
        ...headers,
      },
      body: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    piste = await startFakePiste();
  });

  afterAll(async () => {
    await piste.close();
  });

  beforeEach(() => {
    piste.addStructure({ id: 7, identifier: "21690123100011", designation: "Mairie" });
    piste.addTechnicalAccount({ login, password: "motdepasse", structureIds: [7] });
  });

  afterEach(() => {
    piste.reset();
  });

  it("issues tokens for its client credentials only, and counts them", async () => {
    const issued = await token();
    expect(issued.status).toBe(200);
    expect(await issued.json()).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect((await token("faux")).status).toBe(401);
    expect(piste.tokensIssued).toBe(1);
    expect(piste.violations).toEqual([]);
  });

  it("answers a call that follows the swagger, its answer checked against the swagger too", async () => {
    const answer = await call("consulter", { codeLangue: "fr", idStructureCPP: 7 });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      codeRetour: 0,
      informationGenerales: { libelleStructure: "Mairie" },
    });
    expect(piste.violations).toEqual([]);
  });

  it("records as violations the mistakes other clients make: idStructure for idStructureCPP, triSense for triSens, ACTIVE asked for ACTIF", async () => {
    expect((await call("consulter", { codeLangue: "fr", idStructure: 7 })).status).toBe(400);
    await call("rechercher", {
      structure: { identifiantStructure: "21690123100011", statutStructure: "ACTIVE" },
      parametres: { triSense: "Ascendant" },
    });
    expect(piste.violations).toHaveLength(2);
    expect(piste.violations[0]).toMatch(/must NOT have additional properties \(idStructure\)/);
    expect(piste.violations[1]).toMatch(/statutStructure: must be equal to one of the allowed values/);
    expect(piste.violations[1]).toMatch(/\(triSense\)/);
  });

  it("records a call without cpro-account or without a bearer token as a violation, and answers 401", async () => {
    const answer = await fetch(`${piste.apiUrl}/cpro/structures/v1/consulter`, {
      method: "POST",
      headers: { "content-type": "application/json;charset=utf-8", accept: "application/json" },
      body: JSON.stringify({ idStructureCPP: 7 }),
    });
    expect(answer.status).toBe(401);
    expect(
      (await call("consulter", { idStructureCPP: 7 }, { "cpro-account": "pas du base64 !" })).status,
    ).toBe(401);
    expect(piste.violations).toEqual([
      "/cpro/structures/v1/consulter: no Authorization: Bearer header",
      '/cpro/structures/v1/consulter: cpro-account is not base 64 of "login:password"',
    ]);
  });

  it("refuses a revoked token and a revoked technical account with 401, which are no violations", async () => {
    piste.failNext(1, { kind: "token-revoked" });
    expect((await call("consulter", { idStructureCPP: 7 })).status).toBe(401);
    piste.revokeTechnicalAccount(login);
    const refused = await call("consulter", { idStructureCPP: 7 });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ libelle: "Identifiants du compte technique invalides" });
    expect(piste.violations).toEqual([]);
  });

  it("answers the faults queued, in order, then normally", async () => {
    piste.failNext(1, { kind: "rate-limited", retryAfterSeconds: 3 });
    piste.failNext(1, { kind: "server-error", status: 502 });
    const limited = await call("consulter", { idStructureCPP: 7 });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    expect((await call("consulter", { idStructureCPP: 7 })).status).toBe(502);
    expect((await call("consulter", { idStructureCPP: 7 })).status).toBe(200);
  });
});
