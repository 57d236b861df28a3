import { describe, expect, it } from "vitest";
import { activationTokenHash } from "../../src/security/activation-tokens.ts";
import { activationFormToken, formKeyFrom } from "../../src/security/form-tokens.ts";
import { API_TOKEN, type Harness, SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { snapshotDatabase } from "../support/db-snapshot.ts";
import { fluxReject } from "../support/flux-rejects.ts";
import { captureLogs } from "../support/log-capture.ts";
import {
  fileRequest,
  principal,
  requester,
  type SeededStructure,
  seedStructure,
  validSiret,
} from "../support/scenario.ts";

/**
 * Bad inputs over every endpoint of the REST API (README "REST API"): each must get a 4xx with the
 * API's JSON error, `{"error": {"code", "message", "details"}}`, never a 500, and write nothing.
 */

/** What a case sends. `body` is sent as is when a string, as JSON otherwise. */
interface BadRequest {
  label: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** A field the error's details must name. */
  field?: string;
}

/** Known rows the cases point at, created before the table runs. */
interface Seeded {
  structure: SeededStructure;
  requestId: string;
}

const MISSING_ID = "00000000-0000-4000-8000-000000000000";
const LONG = "x".repeat(10_000);
/** A little over the 1 MB the API accepts. */
const OVERSIZED_BODY = JSON.stringify({ comment: "x".repeat(1_100_000) });

const BAD_EMAILS: [string, string][] = [
  ["no at sign", "pas-un-mail"],
  ["no domain", "rene@"],
  ["no local part", "@exemple.fr"],
  ["a space", "rené demandeur@exemple.fr"],
  ["two at signs", "rene@@exemple.fr"],
  ["a line break", "rene@exemple.fr\nBcc: tous@exemple.fr"],
  ["255 characters", `${"r".repeat(244)}@exemple.fr`],
  ["a number", 42 as unknown as string],
];

const BAD_SIRETS: [string, string][] = [
  ["13 digits", "7328293200007"],
  ["15 digits", "732829320000745"],
  ["a wrong key", "73282932000075"],
  ["nine zeros for its SIREN (passes Luhn)", "00000000000000"],
  ["letters", "7328293200007A"],
  ["only letters", "ABCDEFGHIJKLMN"],
  ["10,000 digits", "1".repeat(10_000)],
];

/** Endpoints with a JSON body: the same malformed bodies go to each. */
const JSON_ENDPOINTS: [method: string, path: (s: Seeded) => string][] = [
  ["POST", () => "/api/v1/structures"],
  ["PATCH", (s) => `/api/v1/structures/${s.structure.identifier}`],
  ["POST", () => "/api/v1/users"],
  ["POST", () => "/api/v1/attachment-requests"],
  ["POST", () => "/api/v1/subscription-requests"],
  ["POST", () => "/api/v1/flux-rejects"],
];

/** Endpoints addressed by a path parameter: unknown and malformed values go to each. */
const PATH_ENDPOINTS: [method: string, path: (param: string) => string, body?: unknown][] = [
  ["PATCH", (id) => `/api/v1/structures/${id}`, { designation: "Nouvelle désignation" }],
  ["GET", (id) => `/api/v1/structures/${id}/users.csv`],
  ["GET", (id) => `/api/v1/structures/${id}/authorisations.csv`],
  ["GET", (id) => `/api/v1/structures/${id}/history/verify`],
  ["GET", (id) => `/api/v1/attachment-requests/${id}`],
  ["GET", (id) => `/api/v1/subscription-requests/${id}`],
];

function structureBody(overrides: Record<string, unknown> = {}) {
  return {
    identifier: validSiret(777),
    designation: "Communauté de communes",
    kind: "PUBLIQUE",
    services: [{ code: "RH", label: "Ressources humaines" }],
    principalManager: { loginEmail: "chef@exemple.fr", lastName: "Chef", firstName: "Claire" },
    ...overrides,
  };
}

function userBody(overrides: Record<string, unknown> = {}) {
  return { loginEmail: "nouveau@exemple.fr", lastName: "Nouveau", firstName: "Noé", ...overrides };
}

function badRequests(s: Seeded): BadRequest[] {
  const identifier = s.structure.identifier;
  const attachment = (overrides: Record<string, unknown>) => ({
    structureIdentifier: identifier,
    userLoginEmail: requester.email,
    ...overrides,
  });
  // The principal manager is attached to the structure: the checks after that one are reached.
  const subscription = (overrides: Record<string, unknown>) => ({
    structureIdentifier: identifier,
    userLoginEmail: principal.email,
    spaces: [{ space: "FACTURES_EMISES" }],
    ...overrides,
  });
  const rejects = (...lines: Record<string, unknown>[]) => ({ rejects: lines });
  const reject = (overrides: Record<string, unknown>) => fluxReject(identifier, overrides);
  const cases: BadRequest[] = [];
  const add = (
    label: string,
    method: string,
    path: string,
    body: unknown,
    status: number,
    field?: string,
    headers?: Record<string, string>,
  ) => {
    cases.push({ label, method, path, body, status, field, headers });
  };

  for (const [method, pathOf] of JSON_ENDPOINTS) {
    const path = pathOf(s);
    add("malformed JSON", method, path, '{"identifier": ', 400);
    add("a JSON array", method, path, "[]", 400, "body");
    add("JSON null", method, path, "null", 400);
    add("a JSON string", method, path, '"bonjour"', 400);
    add("a JSON number", method, path, "42", 400);
    add("an empty body", method, path, "", 400);
    add("an empty object", method, path, "{}", 400);
    add("a form-encoded body", method, path, "identifier=1&designation=2", 415, undefined, {
      "content-type": "application/x-www-form-urlencoded",
    });
    add("a JSON body sent as text", method, path, "{}", 415, undefined, { "content-type": "text/plain" });
    add("a body without a content type", method, path, "{}", 415, undefined, { "content-type": "" });
    add("an unsupported charset", method, path, "{}", 415, undefined, {
      "content-type": "application/json; charset=klingon",
    });
    add("an unsupported content encoding", method, path, "{}", 415, undefined, {
      "content-encoding": "compress-me-not",
    });
    add("a gzip body that is not gzip", method, path, "{}", 400, undefined, { "content-encoding": "gzip" });
    add("a body over 1 MB", method, path, OVERSIZED_BODY, 413);
    add("a __proto__ key", method, path, '{"__proto__": {"admin": true}}', 400);
    add("a lone UTF-16 surrogate as a key", method, path, '{"\\udc00": 1}', 400);
    add("an empty Idempotency-Key", method, path, "{}", 400, undefined, { "idempotency-key": "" });
    add("a 256-character Idempotency-Key", method, path, "{}", 400, undefined, {
      "idempotency-key": "k".repeat(256),
    });
  }

  for (const [method, pathOf, body] of PATH_ENDPOINTS) {
    const byRequestId = pathOf("x").includes("requests");
    add("an unknown identifier", method, pathOf(byRequestId ? MISSING_ID : validSiret(4242)), body, 404);
    add("an id that is not a uuid", method, pathOf("pas-un-uuid"), body, 404);
    add("a 10,000-character id", method, pathOf(LONG), body, 404);
    add("SQL in the id", method, pathOf(encodeURIComponent("1' OR '1'='1")), body, 404);
    add("a NUL byte in the id", method, pathOf("%00"), body, 404);
    add("a broken percent-encoding", method, pathOf("%E0%A4%A"), body, 400);
  }
  add(
    "the id of an attachment request",
    "GET",
    `/api/v1/subscription-requests/${s.requestId}`,
    undefined,
    404,
  );

  // Authentication and routing
  const users = "/api/v1/users";
  add("no bearer token", "POST", users, userBody(), 401, undefined, { authorization: "" });
  add("a wrong bearer token", "POST", users, userBody(), 401, undefined, {
    authorization: "Bearer wrong-token",
  });
  add("an empty bearer token", "POST", users, userBody(), 401, undefined, { authorization: "Bearer " });
  add("basic credentials", "POST", users, userBody(), 401, undefined, {
    authorization: `Basic ${Buffer.from(`api:${API_TOKEN}`).toString("base64")}`,
  });
  add("a 10,000-character token", "POST", users, userBody(), 401, undefined, {
    authorization: `Bearer ${LONG}`,
  });
  add(
    "a first name holding a lone UTF-16 surrogate",
    "POST",
    users,
    '{"loginEmail": "rene@exemple.fr", "lastName": "Demandeur", "firstName": "Ren\\ud800"}',
    400,
  );
  add("an unknown route", "GET", "/api/v1/nothing-here", undefined, 404);
  add("an unknown method", "DELETE", users, undefined, 404);
  add("PUT on a structure", "PUT", `/api/v1/structures/${identifier}`, { designation: "x" }, 404);
  add("GET on a collection", "GET", "/api/v1/attachment-requests", undefined, 404);

  // POST /structures
  const structures = "/api/v1/structures";
  for (const [label, siret] of BAD_SIRETS)
    add(`a SIRET with ${label}`, "POST", structures, structureBody({ identifier: siret }), 400, "identifier");
  for (const [label, email] of BAD_EMAILS) {
    const principalManager = { loginEmail: email, lastName: "Chef", firstName: "Claire" };
    add(
      `a principal's e-mail with ${label}`,
      "POST",
      structures,
      structureBody({ principalManager }),
      400,
      "principalManager.loginEmail",
    );
  }
  for (const field of ["identifier", "designation", "kind", "principalManager"]) {
    add(`no ${field}`, "POST", structures, structureBody({ [field]: undefined }), 400, field);
  }
  add(
    "a numeric identifier",
    "POST",
    structures,
    structureBody({ identifier: 73282932000074 }),
    400,
    "identifier",
  );
  add("a null designation", "POST", structures, structureBody({ designation: null }), 400, "designation");
  add("a blank designation", "POST", structures, structureBody({ designation: "   " }), 400, "designation");
  add(
    "a 10,000-character designation",
    "POST",
    structures,
    structureBody({ designation: LONG }),
    400,
    "designation",
  );
  add(
    "a NUL byte in the designation",
    "POST",
    structures,
    structureBody({ designation: "Mairie\u0000" }),
    400,
    "designation",
  );
  add("an unknown kind", "POST", structures, structureBody({ kind: "MIXTE" }), 400, "kind");
  add(
    "an unknown identifier type",
    "POST",
    structures,
    structureBody({ identifierType: "IBAN" }),
    400,
    "identifierType",
  );
  for (const [identifierType, identifier] of <[string, string][]>[
    ["UE_HORS_FRANCE", "FR40303265045"],
    ["UE_HORS_FRANCE", "DE"],
    ["RIDET", "1234567"],
    ["TAHITI", "AB1234"],
    ["HORS_UE", "-- ?"],
    ["PARTICULIER", "x".repeat(51)],
    ["AUTRE", "#"],
  ]) {
    add(
      `a ${identifierType} identifier that breaks its rule (${identifier.slice(0, 15)})`,
      "POST",
      structures,
      structureBody({ identifierType, identifier }),
      400,
      "identifier",
    );
  }
  add("services as a string", "POST", structures, structureBody({ services: "RH" }), 400, "services");
  add(
    "a service with a numeric code",
    "POST",
    structures,
    structureBody({ services: [{ code: 1, label: "Un" }] }),
    400,
    "services[0].code",
  );
  add(
    "a service without label",
    "POST",
    structures,
    structureBody({ services: [{ code: "RH" }] }),
    400,
    "services[0].label",
  );
  add(
    "a service with an unknown field",
    "POST",
    structures,
    structureBody({ services: [{ code: "RH", label: "RH", active: false }] }),
    400,
    "services[0]",
  );
  add(
    "a service code listed twice",
    "POST",
    structures,
    structureBody({
      services: [
        { code: "A", label: "a" },
        { code: "A", label: "b" },
      ],
    }),
    400,
    "services[1].code",
  );
  add(
    "5,001 services",
    "POST",
    structures,
    structureBody({ services: Array.from({ length: 5001 }, (_, i) => ({ code: `S${i}`, label: "s" })) }),
    400,
    "services",
  );
  add(
    "a principal manager as a string",
    "POST",
    structures,
    structureBody({ principalManager: "chef@exemple.fr" }),
    400,
    "principalManager",
  );
  add(
    "a principal manager without names",
    "POST",
    structures,
    structureBody({ principalManager: { loginEmail: "chef@exemple.fr" } }),
    400,
    "principalManager.lastName",
  );
  add(
    "a Slack channel id that is not one",
    "POST",
    structures,
    structureBody({ slackChannelId: "général" }),
    400,
    "slackChannelId",
  );
  add("an unknown field", "POST", structures, structureBody({ colour: "blue" }), 400, "body");
  add("the structure that exists", "POST", structures, structureBody({ identifier }), 409, "identifier");

  // PATCH /structures/{identifier}
  const structurePath = `/api/v1/structures/${identifier}`;
  add("no change", "PATCH", structurePath, {}, 400);
  add("an unknown space", "PATCH", structurePath, { spaces: ["FACTURES_VOLANTES"] }, 400, "spaces[0]");
  add("spaces as a string", "PATCH", structurePath, { spaces: "FACTURES_EMISES" }, 400, "spaces");
  add("21 spaces", "PATCH", structurePath, { spaces: Array(21).fill("FACTURES_EMISES") }, 400, "spaces");
  add("a numeric designation", "PATCH", structurePath, { designation: 12 }, 400, "designation");
  add("a 10,000-character designation", "PATCH", structurePath, { designation: LONG }, 400, "designation");
  add(
    "a NUL byte in the designation",
    "PATCH",
    structurePath,
    { designation: "a\u0000b" },
    400,
    "designation",
  );
  add("an unknown field", "PATCH", structurePath, { status: "INACTIVE" }, 400, "body");

  // POST /users
  for (const [label, email] of BAD_EMAILS) {
    add(`a login e-mail with ${label}`, "POST", users, userBody({ loginEmail: email }), 400, "loginEmail");
    add(
      `a contact e-mail with ${label}`,
      "POST",
      users,
      userBody({ contactEmail: email }),
      400,
      "contactEmail",
    );
  }
  for (const field of ["loginEmail", "lastName", "firstName"])
    add(`no ${field}`, "POST", users, userBody({ [field]: undefined }), 400, field);
  add("a numeric last name", "POST", users, userBody({ lastName: 7 }), 400, "lastName");
  add("an array first name", "POST", users, userBody({ firstName: ["Noé"] }), 400, "firstName");
  add("a 101-character last name", "POST", users, userBody({ lastName: "n".repeat(101) }), 400, "lastName");
  add("a 10,000-character first name", "POST", users, userBody({ firstName: LONG }), 400, "firstName");
  add("a NUL byte in the last name", "POST", users, userBody({ lastName: "No\u0000é" }), 400, "lastName");
  add("an unknown field", "POST", users, userBody({ status: "ACTIVE" }), 400, "body");
  add("a login taken", "POST", users, userBody({ loginEmail: requester.email }), 409, "loginEmail");

  // POST /attachment-requests
  const attachments = "/api/v1/attachment-requests";
  for (const [label, email] of BAD_EMAILS)
    add(
      `a user e-mail with ${label}`,
      "POST",
      attachments,
      attachment({ userLoginEmail: email }),
      400,
      "userLoginEmail",
    );
  for (const [label, siret] of BAD_SIRETS)
    add(
      `a structure SIRET with ${label}`,
      "POST",
      attachments,
      attachment({ structureIdentifier: siret }),
      siret.length > 50 ? 400 : 404,
      "structureIdentifier",
    );
  add(
    "an unknown structure",
    "POST",
    attachments,
    attachment({ structureIdentifier: validSiret(4242) }),
    404,
    "structureIdentifier",
  );
  add(
    "an unknown user",
    "POST",
    attachments,
    attachment({ userLoginEmail: "inconnu@exemple.fr" }),
    404,
    "userLoginEmail",
  );
  add(
    "no structure",
    "POST",
    attachments,
    attachment({ structureIdentifier: undefined }),
    400,
    "structureIdentifier",
  );
  add(
    "service codes as a string",
    "POST",
    attachments,
    attachment({ serviceCodes: "RH" }),
    400,
    "serviceCodes",
  );
  add(
    "a numeric service code",
    "POST",
    attachments,
    attachment({ serviceCodes: [3] }),
    400,
    "serviceCodes[0]",
  );
  add(
    "an unknown service code",
    "POST",
    attachments,
    attachment({ serviceCodes: ["NOPE"] }),
    400,
    "serviceCodes[0]",
  );
  add(
    "a service code twice",
    "POST",
    attachments,
    attachment({ serviceCodes: ["RH", "RH"] }),
    400,
    "serviceCodes[1]",
  );
  add(
    "a 10,000-character service code",
    "POST",
    attachments,
    attachment({ serviceCodes: [LONG] }),
    400,
    "serviceCodes[0]",
  );
  add("a numeric comment", "POST", attachments, attachment({ comment: 5 }), 400, "comment");
  add("a 10,000-character comment", "POST", attachments, attachment({ comment: LONG }), 400, "comment");
  add(
    "a NUL byte in the comment",
    "POST",
    attachments,
    attachment({ comment: "bon\u0000jour" }),
    400,
    "comment",
  );
  add("an unknown field", "POST", attachments, attachment({ role: "PRINCIPAL_MANAGER" }), 400, "body");
  add("a duplicate pending request", "POST", attachments, attachment({}), 409);

  // POST /subscription-requests
  const subscriptions = "/api/v1/subscription-requests";
  for (const [label, email] of BAD_EMAILS)
    add(
      `a user e-mail with ${label}`,
      "POST",
      subscriptions,
      subscription({ userLoginEmail: email }),
      400,
      "userLoginEmail",
    );
  add(
    "an unknown structure",
    "POST",
    subscriptions,
    subscription({ structureIdentifier: validSiret(4242) }),
    404,
    "structureIdentifier",
  );
  add(
    "an unknown user",
    "POST",
    subscriptions,
    subscription({ userLoginEmail: "inconnu@exemple.fr" }),
    404,
    "userLoginEmail",
  );
  add("no spaces", "POST", subscriptions, subscription({ spaces: [] }), 400, "spaces");
  add(
    "spaces as an object",
    "POST",
    subscriptions,
    subscription({ spaces: { space: "FACTURES_EMISES" } }),
    400,
    "spaces",
  );
  add(
    "an unknown space",
    "POST",
    subscriptions,
    subscription({ spaces: [{ space: "CAFETERIA" }] }),
    400,
    "spaces[0].space",
  );
  add(
    "a space as a bare string",
    "POST",
    subscriptions,
    subscription({ spaces: ["FACTURES_EMISES"] }),
    400,
    "spaces[0]",
  );
  add(
    "an unknown access",
    "POST",
    subscriptions,
    subscription({ spaces: [{ space: "FACTURES_EMISES", access: "ADMIN" }] }),
    400,
    "spaces[0].access",
  );
  add(
    "an unknown service",
    "POST",
    subscriptions,
    subscription({ spaces: [{ space: "FACTURES_EMISES", serviceCode: "NOPE" }] }),
    400,
    "spaces[0].serviceCode",
  );
  add(
    "a space asked twice",
    "POST",
    subscriptions,
    subscription({ spaces: [{ space: "FACTURES_EMISES" }, { space: "FACTURES_EMISES" }] }),
    400,
    "spaces[1].space",
  );
  add(
    "101 spaces",
    "POST",
    subscriptions,
    subscription({ spaces: Array(101).fill({ space: "FACTURES_EMISES" }) }),
    400,
    "spaces",
  );
  add("a 10,000-character comment", "POST", subscriptions, subscription({ comment: LONG }), 400, "comment");
  add("a user not attached", "POST", subscriptions, subscription({ userLoginEmail: requester.email }), 409);

  // POST /flux-rejects
  const fluxRejects = "/api/v1/flux-rejects";
  add("no rejects", "POST", fluxRejects, rejects(), 400, "rejects");
  add("rejects as an object", "POST", fluxRejects, { rejects: reject({}) }, 400, "rejects");
  add("1,001 rejects", "POST", fluxRejects, rejects(...Array(1001).fill(reject({}))), 400, "rejects");
  for (const [label, depositDate] of [
    ["a date without time", "2026-11-27"],
    ["a time without offset", "2026-11-27T09:15:00"],
    ["the 13th month", "2026-13-27T09:15:00Z"],
    ["the 31st of November", "2026-11-31T09:15:00Z"],
    ["25 o'clock", "2026-11-27T25:15:00Z"],
    ["a word", "hier"],
    ["a timestamp number", 1764230100000],
    ["an empty string", ""],
  ] as const) {
    add(
      `a deposit date as ${label}`,
      "POST",
      fluxRejects,
      rejects(reject({}), reject({ depositDate })),
      400,
      "rejects[1].depositDate",
    );
  }
  add(
    "an unknown channel",
    "POST",
    fluxRejects,
    rejects(reject({ channel: "FAX" })),
    400,
    "rejects[0].channel",
  );
  add(
    "a line without reject code",
    "POST",
    fluxRejects,
    rejects(reject({ rejectCode: undefined })),
    400,
    "rejects[0].rejectCode",
  );
  add(
    "a 10,000-character reject label",
    "POST",
    fluxRejects,
    rejects(reject({ rejectLabel: LONG })),
    400,
    "rejects[0].rejectLabel",
  );
  add(
    "a NUL byte in the file name",
    "POST",
    fluxRejects,
    rejects(reject({ fileName: "a\u0000.xml" })),
    400,
    "rejects[0].fileName",
  );
  add(
    "an unknown emitter",
    "POST",
    fluxRejects,
    rejects(reject({}), reject({ emitterStructureIdentifier: validSiret(4242) })),
    400,
    "rejects[1].emitterStructureIdentifier",
  );
  add(
    "a line with an unknown field",
    "POST",
    fluxRejects,
    rejects(reject({ amount: 12 })),
    400,
    "rejects[0]",
  );
  return cases;
}

/** One case sent as it is, whatever it is: the answer's status, content type and parsed JSON body. */
async function send(h: Harness, request: BadRequest) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${API_TOKEN}`,
    "content-type": "application/json",
    ...request.headers,
  };
  if (headers.authorization === "") delete headers.authorization;
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === "string"
        ? request.body
        : JSON.stringify(request.body);
  const response = await fetch(`${h.baseUrl}${request.path}`, { method: request.method, headers, body });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Left null: the assertion below reports the body that is not JSON.
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", json, text };
}

/** The figures the test names: cases and distinct endpoints (method and route, ids left out). */
const FIGURES = (() => {
  const cases = badRequests({
    structure: { identifier: validSiret(1), designation: "" },
    requestId: MISSING_ID,
  });
  const routes = new Set(
    cases.map(
      ({ method, path }) =>
        `${method} ${path.replace(/^(\/api\/v1\/[\w-]+)\/[^/]+/, "$1/{id}").replace(/\?.*$/, "")}`,
    ),
  );
  const documented = [...routes].filter((route) =>
    [
      "POST /api/v1/structures",
      "PATCH /api/v1/structures/{id}",
      "GET /api/v1/structures/{id}/users.csv",
      "GET /api/v1/structures/{id}/authorisations.csv",
      "GET /api/v1/structures/{id}/history/verify",
      "POST /api/v1/users",
      "POST /api/v1/attachment-requests",
      "GET /api/v1/attachment-requests/{id}",
      "POST /api/v1/subscription-requests",
      "GET /api/v1/subscription-requests/{id}",
      "POST /api/v1/flux-rejects",
    ].includes(route),
  );
  return { cases: cases.length, endpoints: documented.length };
})();

/** A bad request to the activation page (`/activation/{secret}`); `form` is sent form-encoded. */
interface BadActivation {
  label: string;
  method: "GET" | "POST";
  /** The path after /activation/; SECRET stands for the usable link's secret. */
  secret: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
}

const SECRET = "a-usable-activation-secret-of-forty-three-c";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

const BAD_ACTIVATIONS: BadActivation[] = [
  { label: "an unknown secret", method: "GET", secret: "x".repeat(43), status: 404 },
  { label: "a 10,000-character secret", method: "GET", secret: LONG, status: 404 },
  { label: "a NUL byte as secret", method: "GET", secret: "%00", status: 404 },
  { label: "a broken percent-encoding", method: "GET", secret: "%E0%A4%A", status: 400 },
  { label: "an unknown secret", method: "POST", secret: "x".repeat(43), body: "password=a", status: 404 },
  { label: "a broken percent-encoding", method: "POST", secret: "%E0%A4%A", body: "", status: 400 },
  { label: "no field", method: "POST", secret: SECRET, body: "", status: 400 },
  {
    label: "a short password",
    method: "POST",
    secret: SECRET,
    body: "password=court&confirmation=court",
    status: 400,
  },
  {
    label: "a confirmation that differs",
    method: "POST",
    secret: SECRET,
    body: "password=un+mot+de+passe+solide&confirmation=un+autre+mot+de+passe",
    status: 400,
  },
  {
    label: "the password given twice",
    method: "POST",
    secret: SECRET,
    body: "password=un+mot+de+passe+solide&password=un+mot+de+passe+solide&confirmation=un+mot+de+passe+solide",
    status: 400,
  },
  {
    label: "a password as a nested field",
    method: "POST",
    secret: SECRET,
    body: "password[x]=un+mot+de+passe+solide&confirmation=un+mot+de+passe+solide",
    status: 400,
  },
  {
    label: "a broken percent-encoding in the form",
    method: "POST",
    secret: SECRET,
    body: "password=%E0%A4%A&confirmation=%E0%A4%A",
    status: 400,
  },
  {
    label: "a JSON body",
    method: "POST",
    secret: SECRET,
    body: '{"password":"un mot de passe solide","confirmation":"un mot de passe solide"}',
    headers: { "content-type": "application/json" },
    // Not the page's form: without its anti-forgery token.
    status: 403,
  },
  {
    label: "a form over 10 kB",
    method: "POST",
    secret: SECRET,
    body: `password=${"p".repeat(11_000)}`,
    status: 413,
  },
  {
    label: "an unsupported charset",
    method: "POST",
    secret: SECRET,
    body: "password=a",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=klingon" },
    status: 415,
  },
  {
    label: "a gzip body that is not gzip",
    method: "POST",
    secret: SECRET,
    body: "password=a",
    headers: { "content-encoding": "gzip" },
    status: 400,
  },
];

/**
 * The body with the form's anti-forgery token added, as the page's hidden field sends it, so that
 * the bad input itself is judged; a body of another type is sent as it is.
 */
function withFormToken(request: BadActivation): string | undefined {
  if (request.body === undefined || request.headers?.["content-type"]) return request.body;
  const csrf = `csrf=${activationFormToken(formKeyFrom(SIGNING_SECRET), request.secret)}`;
  return request.body ? `${request.body}&${csrf}` : csrf;
}

describe("bad inputs over the REST API", () => {
  const logs = captureLogs();
  const h = useHarness({}, { logger: logs.logger });

  it(`answers every one of the ${FIGURES.cases} bad inputs over the ${FIGURES.endpoints} API endpoints with a 4xx and a JSON error, never a 500, and writes nothing`, async () => {
    const structure = await seedStructure(h, { services: [{ code: "RH", label: "Ressources humaines" }] });
    const requestId = await fileRequest(h, structure);
    const cases = badRequests({ structure, requestId });
    await h.settle();
    const before = await snapshotDatabase(h.database);
    logs.clear();

    const wrong: unknown[] = [];
    for (const request of cases) {
      const answer = await send(h, request);
      const fields: string[] =
        answer.json?.error?.details?.map((detail: { field: string }) => detail.field) ?? [];
      const wellFormed =
        answer.status === request.status &&
        answer.contentType.startsWith("application/json") &&
        typeof answer.json?.error?.code === "string" &&
        typeof answer.json?.error?.message === "string" &&
        Array.isArray(answer.json?.error?.details) &&
        (request.field === undefined || fields.includes(request.field));
      if (!wellFormed) {
        wrong.push({
          case: `${request.method} ${request.path.slice(0, 80)}: ${request.label}`,
          expected: { status: request.status, field: request.field },
          got: { status: answer.status, fields, body: answer.text.slice(0, 300) },
        });
      }
    }

    expect(wrong).toEqual([]);
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
  });

  it("says in French that a NUL character is refused, naming the field", async () => {
    const answer = await h.api("POST", "/api/v1/users", userBody({ lastName: "No\u0000é" }));

    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toEqual([
      { field: "lastName", message: "Le caractère NUL (\\u0000) n'est pas admis." },
    ]);
  });

  it(`answers every one of the ${BAD_ACTIVATIONS.length} bad requests to the activation page with a 4xx page, never a 500, and leaves the link usable`, async () => {
    const { prisma } = h.database;
    const created = await h.api("POST", "/api/v1/users", userBody());
    const account = await prisma.userAccount.update({
      where: { id: created.json.id },
      data: { status: "PENDING_ACTIVATION" },
    });
    await prisma.activationToken.create({
      data: {
        userId: account.id,
        tokenHashes: [activationTokenHash(SECRET)],
        expiresAt: new Date(Date.now() + 60 * 60 * 1000),
      },
    });
    const before = await snapshotDatabase(h.database);
    logs.clear();

    const wrong: unknown[] = [];
    for (const request of BAD_ACTIVATIONS) {
      const response = await fetch(`${h.baseUrl}/activation/${request.secret}`, {
        method: request.method,
        headers: { ...FORM, ...request.headers },
        body: withFormToken(request),
      });
      const html = await response.text();
      if (response.status !== request.status || !html.startsWith("<!doctype html>"))
        wrong.push({
          case: `${request.method}: ${request.label}`,
          status: response.status,
          html: html.slice(0, 200),
        });
      // Each bad request is judged on its own: the failures before it do not throttle it.
      await prisma.activationAttempt.deleteMany();
    }

    expect(wrong).toEqual([]);
    expect(logs.errors()).toEqual([]);
    expect(await snapshotDatabase(h.database)).toEqual(before);
    const token = await prisma.activationToken.findFirstOrThrow({ include: { user: true } });
    expect({ usedAt: token.usedAt, status: token.user.status }).toEqual({
      usedAt: null,
      status: "PENDING_ACTIVATION",
    });
  });
});
