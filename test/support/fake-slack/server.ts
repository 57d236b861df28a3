import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  preloadBlockKitSchema,
  validateMessageBlocks,
  validateMessageText,
  validateView,
  validateViewSubmissionResponse,
} from "../block-kit-validation.ts";
import {
  argumentProblems,
  getSlackMethodSpec,
  preloadSlackOpenApi,
  type SlackMethodSpec,
} from "../slack-openapi.ts";
import { APP_ID, BOT_ID, BOT_USER_ID, isMissing, isRecord, isTrue, resolveChannel, str } from "./args.ts";
import { blocksOf, CHAT_METHODS } from "./chat.ts";
import { FILES_METHODS } from "./files.ts";
import { FUNCTIONS_METHODS, validateFunctionCall } from "./functions.ts";
import { parseJsonFields, parseMultipart, parseRequestArgs, readBody } from "./parse-request.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type {
  FakeSlack,
  FakeSlackCall,
  FakeSlackEphemeral,
  FakeSlackFailure,
  FakeSlackFileShare,
  FakeSlackFunctionExecution,
  FakeSlackFunctionParameter,
  FakeSlackInstallOptions,
  FakeSlackMessage,
  FakeSlackMethodRateLimits,
  FakeSlackOptions,
  FakeSlackPendingFile,
  FakeSlackResponse,
  FakeSlackSharedFile,
  FakeSlackUserInput,
  FakeSlackView,
  SlackArgs,
} from "./types.ts";
import { USERS_METHODS } from "./users.ts";
import { VIEWS_METHODS } from "./views.ts";

/** The methods each Web API family answers, by name. */
const FAMILY_METHODS: Record<string, FamilyMethod> = {
  ...CHAT_METHODS,
  ...USERS_METHODS,
  ...VIEWS_METHODS,
  ...FILES_METHODS,
  ...FUNCTIONS_METHODS,
};

const JSON_FIELDS = ["blocks", "view", "attachments", "metadata"] as const;
const MESSAGE_METHODS = new Set([
  "chat.postMessage",
  "chat.update",
  "chat.postEphemeral",
  "chat.scheduleMessage",
]);
const RATE_LIMITED_METHODS = new Set(["chat.postMessage", "chat.update", "chat.postEphemeral"]);
/** Calls per minute each tiered method allows (docs.slack.dev, each method's "Rate limits"). */
const METHOD_TIERS: Record<string, number> = {
  "chat.update": 50,
  "chat.postEphemeral": 100,
  "chat.delete": 50,
  "conversations.open": 50,
  "users.info": 100,
  "users.lookupByEmail": 50,
  "views.open": 100,
  "views.update": 100,
  "views.push": 100,
  "views.publish": 100,
  "files.getUploadURLExternal": 100,
  "files.completeUploadExternal": 100,
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class FakeSlackServer implements FakeSlack, FakeSlackState {
  readonly calls: FakeSlackCall[] = [];
  readonly violations: string[] = [];
  readonly messages = new Map<string, FakeSlackMessage>();
  readonly ephemerals: FakeSlackEphemeral[] = [];
  readonly views = new Map<string, FakeSlackView>();
  readonly homeViews = new Map<string, SlackArgs>();
  readonly users = new Map<string, FakeSlackUserInput>();
  readonly pendingFiles = new Map<string, FakeSlackPendingFile>();
  readonly uploads = new Map<string, Buffer>();
  readonly fileShares: FakeSlackFileShare[] = [];
  readonly responses: FakeSlackResponse[] = [];
  readonly functionExecutions = new Map<string, FakeSlackFunctionExecution>();
  readonly token: string;
  readonly teamId: string;
  baseUrl = "";
  apiUrl = "";
  port = 0;

  private rateLimitedCount = 0;
  /** Bot tokens issued over OAuth, with their workspace. */
  private readonly workspaceTokens = new Map<string, string>();
  private readonly oauthCodes = new Map<string, Required<FakeSlackInstallOptions>>();
  /** The token each recorded call came with, keyed by its args object. */
  private readonly callTokens = new WeakMap<SlackArgs, string>();
  /** When each recorded call's request arrived, keyed by its args object. */
  private readonly callArrivals = new WeakMap<SlackArgs, number>();
  private rateLimitPerChannel: boolean;
  private rateLimitPerMethod: FakeSlackMethodRateLimits | null;
  private readonly methodBuckets = new Map<string, { tokens: number; at: number }>();
  private readonly failures = new Map<string, FakeSlackFailure[]>();
  private readonly failureWindows: { method: string; failure: FakeSlackFailure; until: number }[] = [];
  private readonly lastPostPerChannel = new Map<string, number>();
  private readonly responseUrlContexts = new Map<
    string,
    { channel: string; messageTs: string } | undefined
  >();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private readonly listenOn: { address: string; advertisedHost: string };
  private tsCounter = 0;
  private idCounter = 0;
  private responseUrlCounter = 0;
  private closed = false;

  constructor(options: FakeSlackOptions) {
    this.token = options.token ?? "xoxb-test-token";
    this.teamId = options.teamId ?? "T0000TEST";
    this.rateLimitPerChannel = options.rateLimitPerChannel ?? false;
    this.rateLimitPerMethod = options.rateLimitPerMethod ?? null;
    this.listenOn = options.listenOn ?? { address: "127.0.0.1", advertisedHost: "127.0.0.1" };
    this.server = createServer((req, res) => {
      const receivedAt = Date.now();
      this.route(req, res, receivedAt).catch((error: unknown) => {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        this.violations.push(`fake Slack internal error on ${req.method} ${req.url}: ${message}`);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "text/plain" });
        }
        res.end("fake Slack internal error");
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
      this.server.listen(0, this.listenOn.address, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.port = address.port;
    this.baseUrl = `http://${this.listenOn.advertisedHost}:${address.port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
  }

  get rateLimited(): number {
    return this.rateLimitedCount;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Public helpers
  // ---------------------------------------------------------------------------------------------------------

  callsTo(method: string, options?: { okOnly?: boolean }): SlackArgs[] {
    return this.calls
      .filter((call) => call.method === method && (options?.okOnly !== true || call.ok))
      .map((call) => call.args);
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    const resolved = resolveChannel(channel) ?? channel;
    return this.messages.get(resolved + ts);
  }

  addUser(user: FakeSlackUserInput): void {
    if (!/^[UW][A-Z0-9]{2,}$/.test(user.id)) {
      throw new Error(
        `fake Slack: user id must look like U…/W… (uppercase letters and digits), got "${user.id}"`,
      );
    }
    this.users.set(user.id, { ...user });
  }

  responseUrl(context?: { channel: string; messageTs: string }): string {
    this.responseUrlCounter += 1;
    const url = `${this.baseUrl}/response/${this.responseUrlCounter}`;
    this.responseUrlContexts.set(url, context);
    return url;
  }

  failFor(method: string, failure: FakeSlackFailure, durationMs: number): void {
    this.failureWindows.push({ method, failure, until: Date.now() + durationMs });
  }

  setRateLimits(limits: { perChannel?: boolean; perMethod?: FakeSlackMethodRateLimits | null }): void {
    if (limits.perChannel !== undefined) {
      this.rateLimitPerChannel = limits.perChannel;
    }
    if (limits.perMethod !== undefined) {
      this.rateLimitPerMethod = limits.perMethod;
      this.methodBuckets.clear();
    }
  }

  failNext(method: string, failure: FakeSlackFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) {
      queue.push(failure);
    }
    this.failures.set(method, queue);
  }

  authorizeInstall(options: FakeSlackInstallOptions): { code: string; botToken: string } {
    const code = `code-${randomBytes(8).toString("hex")}`;
    const botToken = options.botToken ?? `xoxb-${options.teamId}-token`;
    this.oauthCodes.set(code, {
      teamId: options.teamId,
      teamName: options.teamName ?? `Workspace ${options.teamId}`,
      botToken,
      scopes:
        options.scopes ??
        "chat:write,chat:write.public,commands,users:read,users:read.email,im:write,im:history,files:write",
    });
    return { code, botToken };
  }

  startFunctionExecution(options: { outputParameters: FakeSlackFunctionParameter[] }): {
    functionExecutionId: string;
    botAccessToken: string;
  } {
    const id = this.nextId("Fx");
    const botAccessToken = `xwfp-${randomBytes(8).toString("hex")}`;
    this.functionExecutions.set(id, {
      id,
      botAccessToken,
      outputParameters: options.outputParameters,
      state: "running",
    });
    return { functionExecutionId: id, botAccessToken };
  }

  /** A function execution's token, while the execution runs. */
  private isRunningFunctionToken(token: string | undefined): boolean {
    return [...this.functionExecutions.values()].some(
      (execution) => execution.state === "running" && execution.botAccessToken === token,
    );
  }

  async waitFor(predicate: (calls: FakeSlackCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.calls)) {
        return;
      }
      if (Date.now() >= deadline) {
        const seen = this.calls.map((call) =>
          call.ok ? call.method : `${call.method} (${call.error ?? "failed"})`,
        );
        throw new Error(
          `fake Slack: condition not met within ${timeoutMs} ms; methods called so far: ${
            seen.length > 0 ? seen.join(", ") : "(none)"
          }${this.violations.length > 0 ? `; violations: ${this.violations.join(" | ")}` : ""}`,
        );
      }
      await sleep(20);
    }
  }

  checkViewSubmissionResponse(body: unknown): string[] {
    const problems = validateViewSubmissionResponse(body);
    this.violations.push(...problems);
    return problems;
  }

  sharedFiles(): FakeSlackSharedFile[] {
    return this.fileShares.map((share) => ({ ...share, bytes: this.uploads.get(share.fileId) }));
  }

  filesSentTo(userId: string): FakeSlackSharedFile[] {
    const channel = resolveChannel(userId);
    return this.sharedFiles().filter((file) => file.channel === channel);
  }

  takeViolations(): string[] {
    return this.violations.splice(0);
  }

  reset(): void {
    this.calls.length = 0;
    this.pendingFiles.clear();
    this.uploads.clear();
    this.fileShares.length = 0;
    this.responses.length = 0;
    this.failures.clear();
    this.failureWindows.length = 0;
    this.lastPostPerChannel.clear();
    this.methodBuckets.clear();
    this.rateLimitedCount = 0;
  }

  close(): Promise<void> {
    if (this.closed) {
      return Promise.resolve();
    }
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // HTTP routing
  // ---------------------------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse, receivedAt: number): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const raw = await readBody(req);
    const apiMatch = url.pathname.match(/^\/api\/([A-Za-z0-9._]+)$/);
    if (apiMatch?.[1] !== undefined) {
      await this.handleApi(apiMatch[1], req, raw, url, res, receivedAt);
      return;
    }
    const uploadMatch = url.pathname.match(/^\/upload\/([A-Z0-9]+)$/);
    if (uploadMatch?.[1] !== undefined && req.method === "POST") {
      await this.handleUpload(uploadMatch[1], req, raw, res);
      return;
    }
    if (/^\/response\/\d+$/.test(url.pathname) && req.method === "POST") {
      await this.handleResponseUrl(`${this.baseUrl}${url.pathname}`, req, raw, url, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end(`fake Slack: no route for ${req.method} ${url.pathname}`);
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }

  private record(method: string, args: SlackArgs, ok: boolean, error?: string, failed?: boolean): void {
    const at = Date.now();
    const call: FakeSlackCall = { method, args, at, receivedAt: this.callArrivals.get(args) ?? at, ok };
    const token = this.callTokens.get(args);
    if (token !== undefined) {
      call.token = token;
    }
    if (error !== undefined) {
      call.error = error;
    }
    if (failed === true) {
      call.failed = true;
    }
    this.calls.push(call);
  }

  private async handleApi(
    method: string,
    req: IncomingMessage,
    raw: Buffer,
    url: URL,
    res: ServerResponse,
    receivedAt: number,
  ): Promise<void> {
    const { args, token, problems, fromJson } = await parseRequestArgs(req, raw, url);
    this.callArrivals.set(args, receivedAt);
    if (token !== undefined) {
      this.callTokens.set(args, token);
    }
    const spec = getSlackMethodSpec(method);
    if (spec === undefined) {
      const message = `${method}: unknown_method — "${method}" is not a Slack Web API method`;
      this.violations.push(message);
      this.record(method, args, false, "unknown_method");
      this.sendJson(res, 200, {
        ok: false,
        error: "unknown_method",
        response_metadata: { messages: [`[ERROR] ${message}`] },
      });
      return;
    }
    if (
      spec.requiresToken &&
      token !== this.token &&
      !this.workspaceTokens.has(token ?? "") &&
      !this.isRunningFunctionToken(token)
    ) {
      this.record(method, args, false, "invalid_auth");
      this.sendJson(res, 200, { ok: false, error: "invalid_auth" });
      return;
    }
    const jsonFields =
      method === "files.completeUploadExternal"
        ? [...JSON_FIELDS, "files"]
        : method === "functions.completeSuccess"
          ? [...JSON_FIELDS, "outputs"]
          : JSON_FIELDS;
    parseJsonFields(args, jsonFields, problems);
    problems.push(...argumentProblems(spec, args, fromJson, jsonFields));
    const violations = [...problems, ...this.validate(method, spec, args)].map(
      (text) => `${method}: ${text}`,
    );
    if (violations.length > 0) {
      this.violations.push(...violations);
      this.record(method, args, false, "invalid_arguments");
      this.sendJson(res, 200, {
        ok: false,
        error: "invalid_arguments",
        response_metadata: { messages: violations.map((text) => `[ERROR] ${text}`) },
      });
      return;
    }
    const failure = this.failures.get(method)?.shift() ?? this.windowFailure(method);
    if (failure !== undefined && "hangMs" in failure) {
      this.record(method, args, false, "hang", true);
      await sleep(failure.hangMs);
      res.writeHead(504, { "content-type": "text/plain" });
      res.end("Gateway Timeout");
      return;
    }
    if (failure !== undefined) {
      this.sendFailure(method, args, failure, res);
      return;
    }
    if (this.rateLimitPerChannel && RATE_LIMITED_METHODS.has(method)) {
      const channel = resolveChannel(args.channel) ?? String(args.channel);
      const last = this.lastPostPerChannel.get(channel);
      const now = Date.now();
      if (last !== undefined && now - last < 1000) {
        this.sendFailure(method, args, { status: 429, retryAfterSeconds: 1 }, res);
        return;
      }
    }
    const methodWaitSeconds = this.methodRateLimitWait(method);
    if (methodWaitSeconds > 0) {
      this.sendFailure(method, args, { status: 429, retryAfterSeconds: methodWaitSeconds }, res);
      return;
    }
    const result = this.handleMethod(method, args);
    if (result.ok === true && RATE_LIMITED_METHODS.has(method)) {
      this.lastPostPerChannel.set(resolveChannel(args.channel) ?? String(args.channel), Date.now());
    }
    this.record(
      method,
      args,
      result.ok === true,
      typeof result.error === "string" ? result.error : undefined,
    );
    this.sendJson(res, 200, result);
  }

  private windowFailure(method: string): FakeSlackFailure | undefined {
    const now = Date.now();
    return this.failureWindows.find(
      (window) => window.until > now && (window.method === "*" || window.method === method),
    )?.failure;
  }

  /** 0 when the method's tier lets the call through (and counts it), else the seconds to wait. */
  private methodRateLimitWait(method: string): number {
    const perMinute = METHOD_TIERS[method];
    if (this.rateLimitPerMethod === null || perMinute === undefined) {
      return 0;
    }
    const perMs = (perMinute * (this.rateLimitPerMethod.factor ?? 1)) / 60_000;
    const now = Date.now();
    const bucket = this.methodBuckets.get(method) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.methodBuckets.set(method, bucket);
    if (bucket.tokens < 1) {
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    }
    bucket.tokens -= 1;
    return 0;
  }

  private sendFailure(method: string, args: SlackArgs, failure: FakeSlackFailure, res: ServerResponse): void {
    if ("status" in failure && failure.status === 429) {
      this.rateLimitedCount += 1;
      this.record(method, args, false, "ratelimited", true);
      const call = this.calls.at(-1);
      if (call !== undefined) {
        call.retryAfterSeconds = failure.retryAfterSeconds;
      }
      this.sendJson(
        res,
        429,
        { ok: false, error: "ratelimited" },
        { "retry-after": String(failure.retryAfterSeconds) },
      );
      return;
    }
    if ("status" in failure) {
      this.record(method, args, false, `http_${failure.status}`, true);
      res.writeHead(failure.status, { "content-type": "text/plain" });
      res.end("Server Error");
      return;
    }
    if ("hangMs" in failure) {
      return;
    }
    this.record(method, args, false, failure.error, true);
    this.sendJson(res, 200, { ok: false, error: failure.error });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Validation (every returned string becomes a violation, prefixed with the method name)
  // ---------------------------------------------------------------------------------------------------------

  private validate(method: string, spec: SlackMethodSpec, args: SlackArgs): string[] {
    const out: string[] = [];
    for (const name of spec.requiredArgs) {
      if (isMissing(args[name])) {
        out.push(`missing required argument "${name}"`);
      }
    }
    if (MESSAGE_METHODS.has(method)) {
      if (
        method !== "chat.update" &&
        isMissing(args.text) &&
        isMissing(args.blocks) &&
        isMissing(args.attachments)
      ) {
        out.push(`must have at least one of "text", "blocks" or "attachments" (Slack error no_text)`);
      }
      out.push(...validateMessageText(args.text, "text"));
      if (args.blocks !== undefined) {
        out.push(...validateMessageBlocks(args.blocks, "blocks", { allowEmpty: method === "chat.update" }));
      }
      if (Array.isArray(args.attachments)) {
        args.attachments.forEach((attachment, index) => {
          if (isRecord(attachment) && attachment.blocks !== undefined) {
            out.push(...validateMessageBlocks(attachment.blocks, `attachments[${index}].blocks`));
          }
        });
      } else if (args.attachments !== undefined) {
        out.push(`"attachments" must be an array`);
      }
    }
    switch (method) {
      case "views.open":
      case "views.push":
      case "views.update":
        if (args.view !== undefined) {
          out.push(...validateView(args.view, "modal", "view"));
        }
        if (method === "views.update" && isMissing(args.view_id) && isMissing(args.external_id)) {
          out.push(`must have "view_id" or "external_id"`);
        }
        break;
      case "views.publish":
        if (args.view !== undefined) {
          out.push(...validateView(args.view, "home", "view"));
        }
        break;
      case "conversations.open":
        if (isMissing(args.users) && isMissing(args.channel)) {
          out.push(`must have "users" or "channel"`);
        }
        break;
      case "files.getUploadURLExternal": {
        const length = Number(args.length);
        if (!isMissing(args.length) && !(Number.isInteger(length) && length > 0)) {
          out.push(`"length" must be a positive integer (byte size), got ${JSON.stringify(args.length)}`);
        }
        break;
      }
      case "files.completeUploadExternal":
        out.push(...this.validateCompleteUpload(args));
        break;
      case "functions.completeSuccess":
      case "functions.completeError":
        out.push(...validateFunctionCall(method, args));
        break;
      default:
        break;
    }
    return out;
  }

  private validateCompleteUpload(args: SlackArgs): string[] {
    if (args.files === undefined) {
      return [];
    }
    if (!Array.isArray(args.files) || args.files.length === 0) {
      return [`"files" must be a non-empty JSON array of {id, title}`];
    }
    const out: string[] = [];
    args.files.forEach((file, index) => {
      const id = isRecord(file) ? str(file.id) : undefined;
      if (id === undefined) {
        out.push(`files[${index}].id is missing`);
      } else if (!this.pendingFiles.has(id)) {
        out.push(`files[${index}].id "${id}" was not returned by files.getUploadURLExternal`);
      } else if (!this.uploads.has(id)) {
        out.push(`files[${index}].id "${id}": no bytes were uploaded to its upload_url`);
      }
    });
    if (!isMissing(args.channel_id) && !isMissing(args.channels)) {
      out.push(`use either "channel_id" or "channels", not both`);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Method handlers
  // ---------------------------------------------------------------------------------------------------------

  nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(10, "0")}`;
  }

  newHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`;
  }

  private handleMethod(method: string, args: SlackArgs): SlackArgs {
    if (method === "auth.test") {
      return {
        ok: true,
        url: "https://fake-workspace.slack.test/",
        team: "Fake Workspace",
        user: "chorus-bot",
        team_id: this.workspaceTokens.get(this.callTokens.get(args) ?? "") ?? this.teamId,
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
        is_enterprise_install: false,
      };
    }
    if (method === "oauth.v2.access") return this.exchangeOAuthCode(args);
    // Any other method the spec knows answers ok, with nothing more.
    return FAMILY_METHODS[method]?.(this, args) ?? { ok: true };
  }

  private exchangeOAuthCode(args: SlackArgs): SlackArgs {
    const install = this.oauthCodes.get(str(args.code) ?? "");
    if (install === undefined) {
      return { ok: false, error: "invalid_code" };
    }
    if (isMissing(args.client_id) || isMissing(args.client_secret)) {
      return { ok: false, error: "invalid_client_id" };
    }
    this.oauthCodes.delete(str(args.code) ?? "");
    this.workspaceTokens.set(install.botToken, install.teamId);
    return {
      ok: true,
      access_token: install.botToken,
      token_type: "bot",
      scope: install.scopes,
      bot_user_id: BOT_USER_ID,
      app_id: APP_ID,
      team: { id: install.teamId, name: install.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: "UINSTALLER" },
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Upload URL and response URLs
  // ---------------------------------------------------------------------------------------------------------

  private async handleUpload(
    fileId: string,
    req: IncomingMessage,
    raw: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    if (!this.pendingFiles.has(fileId)) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`fake Slack: unknown file id ${fileId}`);
      return;
    }
    const contentType = req.headers["content-type"] ?? "";
    let bytes = raw;
    if (contentType.toLowerCase().startsWith("multipart/form-data")) {
      const form = await parseMultipart(contentType, raw);
      for (const value of form.values()) {
        if (typeof value !== "string") {
          bytes = Buffer.from(await value.arrayBuffer());
          break;
        }
      }
    }
    this.uploads.set(fileId, bytes);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`OK - ${bytes.length}`);
  }

  private async handleResponseUrl(
    responseUrl: string,
    req: IncomingMessage,
    raw: Buffer,
    url: URL,
    res: ServerResponse,
  ): Promise<void> {
    if (!this.responseUrlContexts.has(responseUrl)) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("fake Slack: unknown response_url");
      return;
    }
    const { args: parsedArgs, problems } = await parseRequestArgs(req, raw, url);
    let body = parsedArgs;
    // Some clients post `payload=<json>` instead of a JSON body.
    if (typeof body.payload === "string") {
      try {
        const inner: unknown = JSON.parse(body.payload);
        body = isRecord(inner) ? inner : body;
      } catch {
        problems.push(`"payload" is not valid JSON`);
      }
    }
    parseJsonFields(body, ["blocks", "attachments"], problems);
    const deleting = isTrue(body.delete_original);
    if (!deleting && isMissing(body.text) && isMissing(body.blocks) && isMissing(body.attachments)) {
      problems.push(`must have at least one of "text", "blocks" or "attachments" (or delete_original)`);
    }
    problems.push(...validateMessageText(body.text, "text"));
    if (body.blocks !== undefined) {
      problems.push(...validateMessageBlocks(body.blocks, "blocks"));
    }
    const violations = problems.map((text) => `response_url ${responseUrl}: ${text}`);
    const ok = violations.length === 0;
    this.responses.push({ url: responseUrl, body, ok, at: Date.now() });
    if (!ok) {
      this.violations.push(...violations);
      this.sendJson(res, 200, {
        ok: false,
        error: "invalid_blocks",
        response_metadata: { messages: violations.map((text) => `[ERROR] ${text}`) },
      });
      return;
    }
    const context = this.responseUrlContexts.get(responseUrl);
    const message = context === undefined ? undefined : this.message(context.channel, context.messageTs);
    if (message !== undefined && deleting) {
      message.deleted = true;
    } else if (message !== undefined && isTrue(body.replace_original)) {
      message.text = str(body.text);
      message.blocks = blocksOf(body.blocks);
      message.attachments = blocksOf(body.attachments);
      message.history.push({
        text: message.text,
        blocks: message.blocks,
        attachments: message.attachments,
        at: Date.now(),
      });
    }
    this.sendJson(res, 200, { ok: true });
  }
}

/** Starts a fake Slack Web API on 127.0.0.1 (random port) unless told otherwise. Close it with `fake.close()`. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  // Parse the (large) spec files before the first request rather than during it.
  preloadSlackOpenApi();
  preloadBlockKitSchema();
  const fake = new FakeSlackServer(options);
  await fake.listen();
  return fake;
}
