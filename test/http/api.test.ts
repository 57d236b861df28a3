import { describe, expect, it } from "vitest";
import { useHarness } from "../support/app-harness.ts";
import { fileRequest, principal, requester, seedStructure, validSiret } from "../support/scenario.ts";

describe("the REST API", () => {
  const h = useHarness();

  function structureBody(overrides: Record<string, unknown> = {}) {
    return {
      identifier: validSiret(555),
      designation: "Communauté de communes",
      kind: "PUBLIQUE",
      services: [{ code: "RH", label: "Ressources humaines" }],
      principalManager: { loginEmail: "Chef@Exemple.fr", lastName: "Chef", firstName: "Claire" },
      ...overrides,
    };
  }

  it("creates a structure with its services and its principal manager, and says so with 201", async () => {
    const created = await h.api(
      "POST",
      "/api/v1/structures",
      structureBody({ identifier: "732 829 320 00074" }),
    );

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      identifier: "73282932000074",
      identifierType: "SIRET",
      status: "ACTIVE",
      services: [{ code: "RH", label: "Ressources humaines", active: true }],
      principalManager: { loginEmail: "chef@exemple.fr" },
    });
    const attachment = await h.database.prisma.attachment.findFirstOrThrow({
      where: { user: { loginEmail: "chef@exemple.fr" } },
    });
    expect(attachment).toMatchObject({ role: "PRINCIPAL_MANAGER", status: "VALIDATED", serviceId: null });
  });

  it("creates structures with the other kinds of identifier, each kept as its register writes it", async () => {
    for (const [identifierType, identifier, kept] of [
      ["RIDET", "0123456.001", "0123456001"],
      ["TAHITI", "a12345", "A12345"],
      ["UE_HORS_FRANCE", "be 0123.456.789", "BE0123456789"],
    ]) {
      const created = await h.api(
        "POST",
        "/api/v1/structures",
        structureBody({ identifierType, identifier }),
      );
      expect([created.status, created.json.identifier, created.json.identifierType]).toEqual([
        201,
        kept,
        identifierType,
      ]);
    }
    const refused = await h.api(
      "POST",
      "/api/v1/structures",
      structureBody({ identifierType: "RIDET", identifier: "12345" }),
    );
    expect([refused.status, refused.json.error.details]).toEqual([
      400,
      [
        {
          field: "identifier",
          message: "Un numéro RIDET compte 10 chiffres : les 7 du RID puis les 3 du rang de l'établissement.",
        },
      ],
    ]);
  });

  it.each([
    [
      "a SIRET with 13 digits",
      structureBody({ identifier: "7328293200007" }),
      400,
      "identifier",
      "Un SIRET compte 14 chiffres.",
    ],
    [
      "a SIRET with a wrong key",
      structureBody({ identifier: "73282932000075" }),
      400,
      "identifier",
      "Ce SIRET n'est pas valide (clé de contrôle).",
    ],
    ["an unknown kind", structureBody({ kind: "MIXTE" }), 400, "kind", undefined],
    [
      "an invalid e-mail",
      structureBody({ principalManager: { loginEmail: "pas-un-mail", lastName: "A", firstName: "B" } }),
      400,
      "principalManager.loginEmail",
      undefined,
    ],
    ["an unknown field", structureBody({ colour: "blue" }), 400, "body", undefined],
    [
      "a service code listed twice",
      structureBody({
        services: [
          { code: "A", label: "a" },
          { code: "A", label: "b" },
        ],
      }),
      400,
      "services[1].code",
      undefined,
    ],
    [
      "a 10,000-character designation",
      structureBody({ designation: "x".repeat(10_000) }),
      400,
      "designation",
      undefined,
    ],
    [
      "a Slack channel id that is not one",
      structureBody({ slackChannelId: "général" }),
      400,
      "slackChannelId",
      undefined,
    ],
    [
      "the PIGP for a private structure",
      structureBody({ kind: "PRIVEE", viaPigp: true }),
      400,
      "viaPigp",
      "Seule une structure publique peut passer par le PIGP.",
    ],
  ])("refuses a structure with %s", async (_, body, status, field, message) => {
    const answer = await h.api("POST", "/api/v1/structures", body);
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe("invalid_input");
    expect(answer.json.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    if (message) expect(answer.json.error.message).toBe(message);
    expect(await h.database.prisma.structure.count()).toBe(0);
  });

  it("marks a public structure as going through the PIGP, never a private one", async () => {
    const pub = await h.api("POST", "/api/v1/structures", structureBody({ viaPigp: true }));
    expect([pub.status, pub.json.viaPigp]).toEqual([201, true]);
    const identifier = validSiret(556);
    const created = await h.api(
      "POST",
      "/api/v1/structures",
      structureBody({ identifier, kind: "PRIVEE", principalManager: pub.json.principalManager }),
    );
    expect([created.status, created.json.viaPigp]).toEqual([201, false]);

    const refused = await h.api("PATCH", `/api/v1/structures/${identifier}`, { viaPigp: true });

    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([
      { field: "viaPigp", message: "Seule une structure publique peut passer par le PIGP." },
    ]);
    expect((await h.database.prisma.structure.findUniqueOrThrow({ where: { identifier } })).viaPigp).toBe(
      false,
    );
  });

  it("refuses a second structure with the same identifier with 409", async () => {
    expect((await h.api("POST", "/api/v1/structures", structureBody())).status).toBe(201);
    const again = await h.api("POST", "/api/v1/structures", structureBody({ designation: "Autre" }));
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "conflict", details: [{ field: "identifier" }] });
  });

  it("creates 8 structures pushed at once for one new principal manager: 8 × 201, one account, manager of all 8", async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        h.api("POST", "/api/v1/structures", structureBody({ identifier: validSiret(600 + index) })),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const accounts = await h.database.prisma.userAccount.findMany({ include: { attachments: true } });
    expect(accounts.map((account) => [account.loginEmail, account.attachments.length])).toEqual([
      ["chef@exemple.fr", 8],
    ]);
  });

  it("refuses a user whose login e-mail is taken, whatever its case", async () => {
    const body = { loginEmail: "Rene@Exemple.fr", lastName: "Demandeur", firstName: "René" };
    expect((await h.api("POST", "/api/v1/users", body)).json).toMatchObject({
      loginEmail: "rene@exemple.fr",
      status: "ACTIVE",
    });
    const again = await h.api("POST", "/api/v1/users", { ...body, loginEmail: "RENE@exemple.fr" });
    expect(again.status).toBe(409);
    expect(again.json.error.details).toEqual([
      { field: "loginEmail", message: "Un utilisateur a déjà l'adresse de connexion rene@exemple.fr." },
    ]);
  });

  it("answers every bad attachment request with a clear 4xx and creates nothing", async () => {
    const structure = await seedStructure(h, {
      services: [
        { code: "RH", label: "RH" },
        { code: "OLD", label: "Ancien" },
      ],
    });
    await h.database.prisma.service.updateMany({ where: { code: "OLD" }, data: { active: false } });
    const base = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, structureIdentifier: validSiret(999) }, 404, "structureIdentifier"],
      [{ ...base, userLoginEmail: "inconnu@exemple.fr" }, 404, "userLoginEmail"],
      [{ ...base, serviceCodes: ["NOPE"] }, 400, "serviceCodes[0]"],
      [{ ...base, serviceCodes: ["OLD"] }, 400, "serviceCodes[0]"],
      [{ ...base, serviceCodes: ["RH", "RH"] }, 400, "serviceCodes[1]"],
      [{ ...base, serviceCodes: "RH" }, 400, "serviceCodes"],
      [{ ...base, comment: "x".repeat(1001) }, 400, "comment"],
      [{ userLoginEmail: requester.email }, 400, "structureIdentifier"],
    ];
    for (const [body, status, field] of cases) {
      const answer = await h.api("POST", "/api/v1/attachment-requests", body);
      expect({ body, status: answer.status }).toEqual({ body, status });
      expect(answer.json.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect(await h.database.prisma.attachmentRequest.count()).toBe(0);
    expect(await h.database.prisma.outboxMessage.count()).toBe(0);
  });

  it("refuses a second pending request of the same user to the same structure with 409", async () => {
    const structure = await seedStructure(h);
    await fileRequest(h, structure);
    const again = await h.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
    });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe(
      "Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.",
    );
  });

  it("refuses a request to an inactive structure, and one of a principal already attached to it", async () => {
    const structure = await seedStructure(h);
    const own = await h.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: principal.email,
    });
    expect(own.status).toBe(409);
    await h.database.prisma.structure.updateMany({ data: { status: "INACTIVE" } });
    const inactive = await h.api("POST", "/api/v1/attachment-requests", {
      structureIdentifier: structure.identifier,
      userLoginEmail: requester.email,
    });
    expect(inactive.status).toBe(409);
    expect(inactive.json.error.details[0].field).toBe("structureIdentifier");
  });

  it("replays the first answer for a retried Idempotency-Key and refuses the key for another body", async () => {
    const structure = await seedStructure(h);
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const headers = { "idempotency-key": "retry-42" };

    const first = await h.api("POST", "/api/v1/attachment-requests", body, headers);
    const retried = await h.api("POST", "/api/v1/attachment-requests", body, headers);
    const misused = await h.api(
      "POST",
      "/api/v1/attachment-requests",
      { ...body, comment: "autre" },
      headers,
    );

    expect(first.status).toBe(201);
    expect(retried).toEqual(first);
    expect(misused.status).toBe(422);
    expect(misused.json.error.code).toBe("idempotency_key_reused");
    expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
  });

  it("gives the request with its status, and 404 for an unknown or malformed id", async () => {
    const structure = await seedStructure(h);
    const id = await fileRequest(h, structure, { comment: "Bonjour" });
    const found = await h.api("GET", `/api/v1/attachment-requests/${id}`);
    expect(found.json).toMatchObject({
      id,
      status: "PENDING",
      comment: "Bonjour",
      serviceCodes: [],
      decision: null,
    });
    expect(
      (await h.api("GET", "/api/v1/attachment-requests/00000000-0000-4000-8000-000000000000")).status,
    ).toBe(404);
    expect((await h.api("GET", "/api/v1/attachment-requests/not-a-uuid")).status).toBe(404);
  });

  it("names the kind of request it cannot find: a subscription request is not an attachment request", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const attachment = await h.api("GET", `/api/v1/attachment-requests/${unknown}`);
    const subscription = await h.api("GET", `/api/v1/subscription-requests/${unknown}`);

    expect([attachment.status, attachment.json.error.message]).toEqual([
      404,
      "Cette demande de rattachement est introuvable.",
    ]);
    expect([subscription.status, subscription.json.error.message]).toEqual([
      404,
      "Cette demande d'abonnement est introuvable.",
    ]);
  });

  it("refuses a missing or wrong bearer token with 401, malformed JSON with 400 and an unknown route with 404", async () => {
    const noToken = await fetch(`${h.baseUrl}/api/v1/users`, { method: "POST", body: "{}" });
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(
      (await h.api("POST", "/api/v1/users", {}, { authorization: "Bearer wrong-token-0123456789" })).status,
    ).toBe(401);

    const malformed = await h.api("POST", "/api/v1/users", '{"loginEmail": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({
      code: "invalid_input",
      message: "Le corps de la requête n'est pas un JSON valide.",
    });
    expect((await h.api("GET", "/api/v1/nothing-here")).status).toBe(404);
  });

  it("reports its health without authentication", async () => {
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok", outbox: { pending: 0 } });
  });
});
