import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { OPERATIONS } from "./structures.ts";
import { describeErrors, type StructuresOperation, structuresOperations } from "./swagger.ts";
import type {
  FakePiste,
  FakePisteCall,
  FakePisteFault,
  FakePisteOptions,
  FakeStructure,
  FakeTechnicalAccount,
} from "./types.ts";

const TOKEN_PATH = "/api/oauth/token";
const API_PREFIX = "/cpro/structures/v1/";

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** `login:password` out of a `cpro-account` header, or null when it is not base 64 of that. */
function decodeAccount(header: string): { login: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(header)) return null;
  const text = Buffer.from(header, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon > 0 ? { login: text.slice(0, colon), password: text.slice(colon + 1) } : null;
}

class FakePisteServer implements FakePiste {
  readonly violations: string[] = [];
  readonly calls: FakePisteCall[] = [];
  readonly clientId: string;
  readonly clientSecret: string;
  apiUrl = "";
  oauthUrl = "";
  private issued = 0;
  private readonly tokens = new Map<string, number>();
  private readonly structures = new Map<number, FakeStructure>();
  private readonly accounts = new Map<string, FakeTechnicalAccount>();
  private readonly faults: Record<"api" | "token", FakePisteFault[]> = { api: [], token: [] };
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly options: FakePisteOptions) {
    this.clientId = options.clientId ?? "piste-client-id";
    this.clientSecret = options.clientSecret ?? "piste-client-secret";
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(
          `fake PISTE internal error on ${req.url}: ${error instanceof Error ? error.stack : error}`,
        );
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}`;
    this.oauthUrl = `${this.apiUrl}${TOKEN_PATH}`;
  }

  get tokensIssued(): number {
    return this.issued;
  }

  addStructure(structure: FakeStructure): void {
    this.structures.set(structure.id, structure);
  }

  addTechnicalAccount(account: FakeTechnicalAccount): void {
    this.accounts.set(account.login, account);
  }

  revokeTechnicalAccount(login: string): void {
    this.accounts.delete(login);
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  failNext(count: number, fault: FakePisteFault, on: "api" | "token" = "api"): void {
    for (let index = 0; index < count; index += 1) this.faults[on].push(fault);
  }

  heal(): void {
    this.faults.api.length = 0;
    this.faults.token.length = 0;
  }

  callsTo(operation: string): FakePisteCall[] {
    return this.calls.filter((call) => call.path === `${API_PREFIX}${operation}` || call.path === operation);
  }

  reset(): void {
    this.violations.length = 0;
    this.calls.length = 0;
    this.issued = 0;
    this.tokens.clear();
    this.structures.clear();
    this.accounts.clear();
    this.faults.api.length = 0;
    this.faults.token.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const text = await readBody(req);
    const call: FakePisteCall = { path, login: null, body: text, status: 0 };
    this.calls.push(call);
    const answer = path === TOKEN_PATH ? this.token(req, text) : await this.api(req, path, text, call);
    if (answer === null) return; // a hang: the client times out, close() ends the socket
    call.status = answer.status;
    res.writeHead(answer.status, { "content-type": "application/json;charset=utf-8", ...answer.headers });
    res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  }

  /** A fault queued for the next call, as its answer (null: no answer at all). */
  private fault(on: "api" | "token"): Answer | null | undefined {
    const fault = this.faults[on].shift();
    if (!fault) return undefined;
    if (fault.kind === "hang") return null;
    if (fault.kind === "rate-limited")
      return {
        status: 429,
        headers: { "retry-after": String(fault.retryAfterSeconds ?? 1) },
        body: { error: "quota" },
      };
    if (fault.kind === "server-error") return { status: fault.status ?? 503, body: { error: "unavailable" } };
    return { status: 401, body: { error: "invalid_token", error_description: "token revoked" } };
  }

  private token(req: IncomingMessage, text: string): Answer | null {
    const contentType = req.headers["content-type"] ?? "";
    if (req.method !== "POST" || !contentType.startsWith("application/x-www-form-urlencoded"))
      this.violations.push(
        `token: expected a POST of application/x-www-form-urlencoded, got ${req.method} ${contentType}`,
      );
    const form = new URLSearchParams(text);
    if (form.get("grant_type") !== "client_credentials")
      this.violations.push(`token: grant_type must be client_credentials, got ${form.get("grant_type")}`);
    if (!(form.get("scope") ?? "").split(" ").includes("openid"))
      this.violations.push(`token: scope must include openid, got ${form.get("scope")}`);
    const fault = this.fault("token");
    if (fault !== undefined) return fault;
    if (form.get("client_id") !== this.clientId || form.get("client_secret") !== this.clientSecret)
      return {
        status: 401,
        body: { error: "invalid_client", error_description: "Client authentication failed" },
      };
    const token = randomBytes(24).toString("base64url");
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    this.tokens.set(token, Date.now() + lifetime * 1000);
    this.issued += 1;
    return {
      status: 200,
      body: { access_token: token, token_type: "Bearer", expires_in: lifetime, scope: "openid" },
    };
  }

  private violation(message: string, answer: Answer): Answer {
    this.violations.push(message);
    return answer;
  }

  private async api(
    req: IncomingMessage,
    path: string,
    text: string,
    call: FakePisteCall,
  ): Promise<Answer | null> {
    const operation = structuresOperations().get(path);
    if (!operation || req.method !== "POST")
      return this.violation(`${req.method} ${path}: no such operation in the Structures API`, {
        status: 404,
      });
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer) return this.violation(`${path}: no Authorization: Bearer header`, { status: 401 });
    for (const header of operation.requiredHeaders)
      if (req.headers[header] === undefined)
        return this.violation(`${path}: no ${header} header (the swagger requires it)`, { status: 401 });
    const account = decodeAccount(String(req.headers["cpro-account"]));
    if (!account)
      return this.violation(`${path}: cpro-account is not base 64 of "login:password"`, { status: 401 });
    call.login = account.login;
    for (const header of ["content-type", "accept"])
      if (!/^application\/json\b/.test(String(req.headers[header] ?? "")))
        this.violations.push(
          `${path}: ${header} must be application/json;charset=utf-8, got ${req.headers[header]}`,
        );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return this.violation(`${path}: the body is not JSON`, {
        status: 400,
        body: { codeRetour: 1, libelle: "JSON invalide" },
      });
    }
    call.body = body;
    if (!operation.validateRequest(body))
      return this.violation(
        `${path}: body off the swagger: ${describeErrors(operation.validateRequest.errors)}`,
        {
          status: 400,
          body: {
            codeRetour: 1,
            libelle: `Requête invalide : ${describeErrors(operation.validateRequest.errors)}`,
          },
        },
      );
    const fault = this.fault("api");
    if (fault !== undefined) return fault;
    if ((this.tokens.get(bearer) ?? 0) <= Date.now())
      return { status: 401, body: { error: "invalid_token", error_description: "token expired or revoked" } };
    const known = this.accounts.get(account.login);
    if (!known || known.password !== account.password)
      return {
        status: 401,
        body: { codeRetour: 401, libelle: "Identifiants du compte technique invalides" },
      };
    return this.answer(operation, known, body as Record<string, unknown>);
  }

  private answer(
    operation: StructuresOperation,
    account: FakeTechnicalAccount,
    body: Record<string, unknown>,
  ): Answer {
    const name = operation.path.slice(API_PREFIX.length);
    const handler = OPERATIONS[name];
    if (!handler) throw new Error(`fake PISTE: no handler for ${name}`);
    const answer = handler(
      {
        structures: this.structures,
        account,
        maxPageSize: this.options.maxPageSize ?? 2,
        functionalErrorStatus: this.options.functionalErrorStatus ?? 400,
      },
      body,
    );
    // The fake's own answers are held to the swagger too, so that it cannot drift from PISTE.
    if (answer.status === 200 && !operation.validateResponse(answer.body))
      this.violations.push(
        `${operation.path}: the fake answered off the swagger: ${describeErrors(operation.validateResponse.errors)}`,
      );
    return answer;
  }
}

/** Starts a fake PISTE (token endpoint and Structures API) on 127.0.0.1, on a port of its own. */
export async function startFakePiste(options: FakePisteOptions = {}): Promise<FakePiste> {
  const server = new FakePisteServer(options);
  await server.listen();
  return server;
}
