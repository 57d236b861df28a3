import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  preloadBlockKitSchema,
  validateMessageBlocks,
  validateMessageText,
  validateView,
  validateViewSubmissionResponse,
} from "./block-kit-validation.ts";
import { getSlackMethodSpec, preloadSlackOpenApi, type SlackMethodSpec } from "./slack-openapi.ts";

/**
 * A fake Slack Web API served over real HTTP, for end-to-end tests of the app with `@slack/web-api`
 * (`slackApiUrl: fake.apiUrl`). It checks every call against Slack's OpenAPI spec and the Block Kit schema,
 * records calls and keeps enough state (messages, views, users, files) to answer like Slack does.
 */

export interface FakeSlackOptions {
  /** The only bot token accepted (default "xoxb-test-token"). */
  token?: string;
  /**
   * When on, a second chat.postMessage/chat.update/chat.postEphemeral to the same channel within
   * 1000 ms gets a 429.
   */
  rateLimitPerChannel?: boolean;
  /** When set, each method keeps to its Slack tier (see {@link FakeSlackMethodRateLimits}); 429 beyond. */
  rateLimitPerMethod?: FakeSlackMethodRateLimits;
  /** Workspace id reported by auth.test and in objects (default "T0000TEST"). */
  teamId?: string;
  /**
   * Where to listen, and the host name the app is given in URLs (API, response_url, uploads): by
   * default 127.0.0.1 for both; an app in a container reaches the host under another name.
   */
  listenOn?: { address: string; advertisedHost: string };
}

/**
 * Slack's tiers (Tier 1: 1/min, 2: 20/min, 3: 50/min, 4: 100/min), as token buckets holding a
 * minute's worth of calls (the bursts Slack tolerates). `factor` multiplies the rates, not the
 * bursts, so that a test gets through in seconds what Slack spreads over minutes.
 */
export interface FakeSlackMethodRateLimits {
  factor?: number;
}

export type FakeSlackFailure =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 | 502 | 503 }
  /** Holds the request unanswered for that long (longer than the client's timeout), then answers 504. */
  | { hangMs: number }
  | { error: string };

export type SlackArgs = Record<string, unknown>;

export interface FakeSlackCall {
  method: string;
  /** Arguments as received (form values are strings; blocks/view/attachments/metadata/files are parsed JSON). */
  args: SlackArgs;
  /** Date.now() when the call was handled. */
  at: number;
  /**
   * Date.now() when its HTTP request arrived (headers read), before its body was read and checked:
   * what Slack's 3-second trigger_id window is measured against.
   */
  receivedAt: number;
  /** The `ok` of the response the fake sent. */
  ok: boolean;
  /** The Slack error code sent back, when not ok ("ratelimited", "invalid_arguments", "invalid_auth"...). */
  error?: string;
  /** Set on calls answered by an injected failure (failNext) or by the per-channel rate limiter. */
  failed?: true;
  /** The Retry-After sent with a 429. */
  retryAfterSeconds?: number;
  /** The token the call was made with (the default one, or a workspace's from {@link FakeSlack.authorizeInstall}). */
  token?: string;
}

/** A workspace installing the app over OAuth: what oauth.v2.access answers for its code. */
export interface FakeSlackInstallOptions {
  teamId: string;
  teamName?: string;
  /** The bot token issued (default "xoxb-<teamId>-token"); the fake accepts it from then on. */
  botToken?: string;
  /** Bot scopes granted, comma-separated (default the ones of manifest.yml). */
  scopes?: string;
}

export interface FakeSlackMessageVersion {
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  at: number;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  metadata: unknown;
  thread_ts: string | undefined;
  user: string;
  bot_id: string;
  deleted: boolean;
  /** Every version of the message, oldest first (the last one equals text/blocks/attachments). */
  history: FakeSlackMessageVersion[];
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
}

export interface FakeSlackUserInput {
  id: string;
  email: string;
  realName?: string;
  displayName?: string;
  tz?: string;
  /** Slack handle; defaults to the local part of the email. */
  name?: string;
  /** Whether its owner confirmed the e-mail (`is_email_confirmed`); true unless said. */
  emailConfirmed?: boolean;
}

export interface FakeSlackView {
  id: string;
  type: string;
  /** The view object as Slack would return it (sent view + id, hash, state...). */
  view: SlackArgs;
  hash: string;
  externalId: string | undefined;
  /** views.publish: the user whose home tab it is. */
  userId: string | undefined;
  /** views.open/views.push: the trigger used. */
  triggerId: string | undefined;
  /** Every view payload sent for this id (views.open/push/update/publish), oldest first. */
  history: SlackArgs[];
}

export interface FakeSlackPendingFile {
  id: string;
  filename: string;
  length: number;
  altText: string | undefined;
}

export interface FakeSlackFileShare {
  fileId: string;
  title: string | undefined;
  filename: string | undefined;
  /** The conversation the file was shared to, undefined for a private (unshared) upload. */
  channel: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  at: number;
}

/** A shared file with the bytes uploaded for it (undefined if none were uploaded). */
export interface FakeSlackSharedFile extends FakeSlackFileShare {
  bytes: Buffer | undefined;
}

export interface FakeSlackResponse {
  url: string;
  body: SlackArgs;
  ok: boolean;
  at: number;
}

export interface FakeSlack {
  /** "http://127.0.0.1:<port>" */
  readonly baseUrl: string;
  /** "http://127.0.0.1:<port>/api/" — give it to WebClient/Bolt as `slackApiUrl`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly teamId: string;
  readonly calls: FakeSlackCall[];
  readonly violations: string[];
  /** Posted messages keyed by `channel + ts` (see {@link FakeSlack.message}). */
  readonly messages: Map<string, FakeSlackMessage>;
  readonly ephemerals: FakeSlackEphemeral[];
  /** Views by view id (modals and home tabs). */
  readonly views: Map<string, FakeSlackView>;
  /** Latest published home view per user id. */
  readonly homeViews: Map<string, SlackArgs>;
  readonly users: Map<string, FakeSlackUserInput>;
  /** Files announced with files.getUploadURLExternal, by file id. */
  readonly pendingFiles: Map<string, FakeSlackPendingFile>;
  /** Bytes uploaded to the upload URL, by file id. */
  readonly uploads: Map<string, Buffer>;
  /** files.completeUploadExternal results: which file went to which channel. */
  readonly fileShares: FakeSlackFileShare[];
  /** Bodies POSTed to response URLs made by {@link FakeSlack.responseUrl}. */
  readonly responses: FakeSlackResponse[];
  /** Number of 429 responses sent (injected or from the per-channel rate limiter). */
  readonly rateLimited: number;
  /** Args of the calls to `method`, in order (`okOnly` drops failed/rejected calls). */
  callsTo(method: string, options?: { okOnly?: boolean }): SlackArgs[];
  /** The stored message (latest version); `channel` may be the user id used to post a DM. */
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  addUser(user: FakeSlackUserInput): void;
  /** A fresh response URL; with `context`, replace_original/delete_original act on that stored message. */
  responseUrl(context?: { channel: string; messageTs: string }): string;
  failNext(method: string, failure: FakeSlackFailure, times?: number): void;
  /** Answers every call to `method` (or to any method: "*") with `failure` for the next `durationMs`. */
  failFor(method: string, failure: FakeSlackFailure, durationMs: number): void;
  /** Turns the per-channel and per-method rate limits on or off (see the options of the same names). */
  setRateLimits(limits: { perChannel?: boolean; perMethod?: FakeSlackMethodRateLimits | null }): void;
  /**
   * Prepares an installation over OAuth, as if a user of `teamId` had approved it on Slack's authorize
   * page: the returned code is exchanged once by oauth.v2.access for a bot token of that workspace,
   * which auth.test then reports as `teamId`.
   */
  authorizeInstall(options: FakeSlackInstallOptions): { code: string; botToken: string };
  waitFor(predicate: (calls: FakeSlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Validates what the app answered to a view_submission; problems are added to `violations` and returned. */
  checkViewSubmissionResponse(body: unknown): string[];
  /** Every file shared so far with its bytes, oldest first. */
  sharedFiles(): FakeSlackSharedFile[];
  /** The files shared in a user's DM (the channel conversations.open gives for that user id), oldest first. */
  filesSentTo(userId: string): FakeSlackSharedFile[];
  /**
   * Clears calls, violations, responses, injected failures, rate-limit state, the 429 counter and the
   * uploaded files (not the other data).
   */
  reset(): void;
  close(): Promise<void>;
}

const BOT_USER_ID = "UBOT00001";
const BOT_ID = "BBOT00001";
const APP_ID = "A0000TEST";
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

function isRecord(value: unknown): value is SlackArgs {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return undefined;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Current UTC offset of an IANA zone, in seconds. */
function tzOffsetSeconds(tz: string): number {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value;
    const match = name?.match(/GMT([+-])(\d{2}):(\d{2})/);
    if (!match) {
      return 0;
    }
    const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
    return match[1] === "-" ? -seconds : seconds;
  } catch {
    return 0;
  }
}

/** Slack accepts channel ids (C/G/D), and user ids (U/W) for DMs, which it maps to the DM channel. */
function resolveChannel(channel: unknown): string | undefined {
  if (typeof channel !== "string") {
    return undefined;
  }
  if (/^[UW][A-Z0-9]{2,}$/.test(channel)) {
    return `D${channel.slice(1)}`;
  }
  if (/^[CDG][A-Z0-9]{2,}$/.test(channel) || /^#[a-z0-9_-]+$/.test(channel)) {
    return channel;
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

async function parseMultipart(contentType: string, raw: Buffer): Promise<FormData> {
  const request = new Request("http://fake.slack.test/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  });
  return request.formData();
}

interface ParsedRequest {
  args: SlackArgs;
  token: string | undefined;
  problems: string[];
}

async function parseRequestArgs(req: IncomingMessage, raw: Buffer, url: URL): Promise<ParsedRequest> {
  const args: SlackArgs = Object.fromEntries(url.searchParams);
  const problems: string[] = [];
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (raw.length > 0) {
    if (contentType.startsWith("application/json")) {
      try {
        const parsed: unknown = JSON.parse(raw.toString("utf8"));
        if (isRecord(parsed)) {
          Object.assign(args, parsed);
        } else {
          problems.push("the JSON body must be an object");
        }
      } catch {
        problems.push("the JSON body is not valid JSON");
      }
    } else if (contentType.startsWith("multipart/form-data")) {
      const form = await parseMultipart(req.headers["content-type"] ?? "", raw);
      for (const [key, value] of form.entries()) {
        args[key] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer());
      }
    } else {
      // application/x-www-form-urlencoded (also the fallback when no content type is sent).
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString("utf8"))));
    }
  }
  const authorization = req.headers.authorization;
  let token: string | undefined;
  if (typeof authorization === "string" && authorization.startsWith("Bearer ")) {
    token = authorization.slice("Bearer ".length).trim();
  } else if (typeof args.token === "string") {
    token = args.token;
  }
  delete args.token;
  return { args, token, problems };
}

function parseJsonFields(args: SlackArgs, fields: readonly string[], problems: string[]): void {
  for (const field of fields) {
    const value = args[field];
    if (typeof value !== "string") {
      continue;
    }
    try {
      args[field] = JSON.parse(value);
    } catch {
      problems.push(`"${field}" is not valid JSON: ${value.slice(0, 80)}`);
    }
  }
}

class FakeSlackServer implements FakeSlack {
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
        "chat:write,chat:write.public,commands,users:read,users:read.email,im:write,files:write",
    });
    return { code, botToken };
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

  reset(): void {
    this.calls.length = 0;
    this.pendingFiles.clear();
    this.uploads.clear();
    this.fileShares.length = 0;
    this.violations.length = 0;
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
    const { args, token, problems } = await parseRequestArgs(req, raw, url);
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
    if (spec.requiresToken && token !== this.token && !this.workspaceTokens.has(token ?? "")) {
      this.record(method, args, false, "invalid_auth");
      this.sendJson(res, 200, { ok: false, error: "invalid_auth" });
      return;
    }
    parseJsonFields(
      args,
      method === "files.completeUploadExternal" ? [...JSON_FIELDS, "files"] : JSON_FIELDS,
      problems,
    );
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

  private nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(10, "0")}`;
  }

  private newHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`;
  }

  private handleMethod(method: string, args: SlackArgs): SlackArgs {
    switch (method) {
      case "auth.test":
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
      case "oauth.v2.access":
        return this.exchangeOAuthCode(args);
      case "chat.postMessage":
        return this.postMessage(args);
      case "chat.update":
        return this.updateMessage(args);
      case "chat.delete":
        return this.deleteMessage(args);
      case "chat.postEphemeral":
        return this.postEphemeral(args);
      case "chat.scheduleMessage":
        return this.scheduleMessage(args);
      case "chat.getPermalink": {
        const channel = resolveChannel(args.channel);
        const ts = str(args.message_ts) ?? "";
        if (channel === undefined) {
          return { ok: false, error: "channel_not_found" };
        }
        return {
          ok: true,
          channel,
          permalink: `https://fake.slack.test/archives/${channel}/p${ts.replace(".", "")}`,
        };
      }
      case "conversations.open":
        return this.openConversation(args);
      case "users.lookupByEmail": {
        const email = (str(args.email) ?? "").toLowerCase();
        const user = [...this.users.values()].find((candidate) => candidate.email.toLowerCase() === email);
        return user === undefined
          ? { ok: false, error: "users_not_found" }
          : { ok: true, user: this.userObject(user) };
      }
      case "users.info": {
        const user = this.users.get(str(args.user) ?? "");
        return user === undefined
          ? { ok: false, error: "user_not_found" }
          : { ok: true, user: this.userObject(user) };
      }
      case "views.open":
      case "views.push":
        return this.openView(args);
      case "views.update":
        return this.updateView(args);
      case "views.publish":
        return this.publishView(args);
      case "files.getUploadURLExternal":
        return this.getUploadUrl(args);
      case "files.completeUploadExternal":
        return this.completeUpload(args);
      default:
        return { ok: true };
    }
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

  private blocksOf(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
  }

  private messageObject(message: FakeSlackMessage): SlackArgs {
    const object: SlackArgs = {
      type: "message",
      text: message.text ?? "",
      user: message.user,
      bot_id: message.bot_id,
      app_id: APP_ID,
      team: this.teamId,
      ts: message.ts,
    };
    if (message.blocks !== undefined) {
      object.blocks = message.blocks;
    }
    if (message.attachments !== undefined) {
      object.attachments = message.attachments;
    }
    if (message.thread_ts !== undefined) {
      object.thread_ts = message.thread_ts;
    }
    if (message.metadata !== undefined) {
      object.metadata = message.metadata;
    }
    return object;
  }

  private postMessage(args: SlackArgs): SlackArgs {
    const channel = resolveChannel(args.channel);
    if (channel === undefined) {
      return { ok: false, error: "channel_not_found" };
    }
    const ts = this.nextTs();
    const text = str(args.text);
    const blocks = this.blocksOf(args.blocks);
    const attachments = this.blocksOf(args.attachments);
    const message: FakeSlackMessage = {
      channel,
      ts,
      text,
      blocks,
      attachments,
      metadata: args.metadata,
      thread_ts: str(args.thread_ts),
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      deleted: false,
      history: [{ text, blocks, attachments, at: Date.now() }],
    };
    this.messages.set(channel + ts, message);
    return { ok: true, channel, ts, message: this.messageObject(message) };
  }

  private updateMessage(args: SlackArgs): SlackArgs {
    const channel = resolveChannel(args.channel);
    const ts = str(args.ts) ?? "";
    const message = channel === undefined ? undefined : this.messages.get(channel + ts);
    if (message === undefined || message.deleted) {
      return { ok: false, error: "message_not_found" };
    }
    if (args.text !== undefined) {
      message.text = str(args.text);
    }
    if (args.blocks !== undefined) {
      message.blocks = this.blocksOf(args.blocks);
    }
    if (args.attachments !== undefined) {
      message.attachments = this.blocksOf(args.attachments);
    }
    if (args.metadata !== undefined) {
      message.metadata = args.metadata;
    }
    message.history.push({
      text: message.text,
      blocks: message.blocks,
      attachments: message.attachments,
      at: Date.now(),
    });
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text ?? "",
      message: this.messageObject(message),
    };
  }

  private deleteMessage(args: SlackArgs): SlackArgs {
    const channel = resolveChannel(args.channel);
    const ts = str(args.ts) ?? "";
    const message = channel === undefined ? undefined : this.messages.get(channel + ts);
    if (message === undefined || message.deleted) {
      return { ok: false, error: "message_not_found" };
    }
    message.deleted = true;
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  private postEphemeral(args: SlackArgs): SlackArgs {
    const channel = resolveChannel(args.channel);
    if (channel === undefined) {
      return { ok: false, error: "channel_not_found" };
    }
    const ephemeral: FakeSlackEphemeral = {
      channel,
      user: str(args.user) ?? "",
      message_ts: this.nextTs(),
      text: str(args.text),
      blocks: this.blocksOf(args.blocks),
    };
    this.ephemerals.push(ephemeral);
    return { ok: true, message_ts: ephemeral.message_ts };
  }

  private scheduleMessage(args: SlackArgs): SlackArgs {
    const channel = resolveChannel(args.channel);
    if (channel === undefined) {
      return { ok: false, error: "channel_not_found" };
    }
    const postAt = Number(args.post_at);
    if (!Number.isInteger(postAt)) {
      return { ok: false, error: "invalid_time" };
    }
    if (postAt * 1000 < Date.now()) {
      return { ok: false, error: "time_in_past" };
    }
    return {
      ok: true,
      channel,
      scheduled_message_id: this.nextId("Q"),
      post_at: postAt,
      message: {
        type: "message",
        text: str(args.text) ?? "",
        blocks: this.blocksOf(args.blocks),
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        team: this.teamId,
      },
    };
  }

  private openConversation(args: SlackArgs): SlackArgs {
    if (!isMissing(args.channel)) {
      const channel = resolveChannel(args.channel);
      return channel === undefined
        ? { ok: false, error: "channel_not_found" }
        : { ok: true, channel: { id: channel } };
    }
    const users = (str(args.users) ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    if (users.some((id) => !/^[UW][A-Z0-9]{2,}$/.test(id))) {
      return { ok: false, error: "user_not_found" };
    }
    const id =
      users.length === 1 ? `D${users[0]?.slice(1)}` : `G${users.map((user) => user.slice(1)).join("")}`;
    return { ok: true, no_op: false, already_open: false, channel: { id } };
  }

  private userObject(user: FakeSlackUserInput): SlackArgs {
    const tz = user.tz ?? "Europe/Paris";
    const name = user.name ?? user.email.split("@")[0] ?? user.id;
    const realName = user.realName ?? name;
    const displayName = user.displayName ?? "";
    return {
      id: user.id,
      team_id: this.teamId,
      name,
      deleted: false,
      real_name: realName,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz),
      is_bot: false,
      is_admin: false,
      is_restricted: false,
      is_email_confirmed: user.emailConfirmed ?? true,
      profile: {
        email: user.email,
        real_name: realName,
        real_name_normalized: realName,
        display_name: displayName,
        display_name_normalized: displayName,
        team: this.teamId,
      },
    };
  }

  private viewObject(id: string, view: SlackArgs, hash: string): SlackArgs {
    return {
      team_id: this.teamId,
      private_metadata: "",
      callback_id: "",
      external_id: "",
      close: null,
      submit: null,
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      root_view_id: id,
      app_id: APP_ID,
      app_installed_team_id: this.teamId,
      bot_id: BOT_ID,
      ...view,
      id,
      state: { values: {} },
      hash,
    };
  }

  private openView(args: SlackArgs): SlackArgs {
    const view = isRecord(args.view) ? args.view : {};
    const id = this.nextId("V");
    const hash = this.newHash();
    const stored: FakeSlackView = {
      id,
      type: str(view.type) ?? "modal",
      view: this.viewObject(id, view, hash),
      hash,
      externalId: str(view.external_id),
      userId: undefined,
      triggerId: str(args.trigger_id),
      history: [view],
    };
    this.views.set(id, stored);
    return { ok: true, view: stored.view };
  }

  private updateView(args: SlackArgs): SlackArgs {
    const view = isRecord(args.view) ? args.view : {};
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    const stored =
      viewId !== undefined && viewId !== ""
        ? this.views.get(viewId)
        : [...this.views.values()].find((candidate) => candidate.externalId === externalId);
    if (stored === undefined) {
      return { ok: false, error: "not_found" };
    }
    if (!isMissing(args.hash) && args.hash !== stored.hash) {
      return { ok: false, error: "hash_conflict" };
    }
    stored.hash = this.newHash();
    stored.view = this.viewObject(stored.id, view, stored.hash);
    stored.externalId = str(view.external_id) ?? stored.externalId;
    stored.history.push(view);
    return { ok: true, view: stored.view };
  }

  private publishView(args: SlackArgs): SlackArgs {
    const userId = str(args.user_id) ?? "";
    if (!/^[UW][A-Z0-9]{2,}$/.test(userId)) {
      return { ok: false, error: "invalid_user" };
    }
    const view = isRecord(args.view) ? args.view : {};
    const existing = [...this.views.values()].find((candidate) => candidate.userId === userId);
    if (existing !== undefined && !isMissing(args.hash) && args.hash !== existing.hash) {
      return { ok: false, error: "hash_conflict" };
    }
    const id = existing?.id ?? this.nextId("V");
    const hash = this.newHash();
    const stored: FakeSlackView = {
      id,
      type: "home",
      view: this.viewObject(id, view, hash),
      hash,
      externalId: str(view.external_id),
      userId,
      triggerId: undefined,
      history: [...(existing?.history ?? []), view],
    };
    this.views.set(id, stored);
    this.homeViews.set(userId, stored.view);
    return { ok: true, view: stored.view };
  }

  private getUploadUrl(args: SlackArgs): SlackArgs {
    const id = this.nextId("F");
    this.pendingFiles.set(id, {
      id,
      filename: str(args.filename) ?? "",
      length: Number(args.length),
      altText: str(args.alt_text) ?? str(args.alt_txt),
    });
    return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
  }

  private completeUpload(args: SlackArgs): SlackArgs {
    const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
    const channels = !isMissing(args.channel_id)
      ? [str(args.channel_id) ?? ""]
      : (str(args.channels) ?? "")
          .split(",")
          .map((channel) => channel.trim())
          .filter((channel) => channel.length > 0);
    const resolvedChannels = channels.map((channel) => resolveChannel(channel));
    if (resolvedChannels.some((channel) => channel === undefined)) {
      return { ok: false, error: "channel_not_found" };
    }
    const result: SlackArgs[] = [];
    for (const file of files) {
      const id = str(file.id) ?? "";
      const pending = this.pendingFiles.get(id);
      const title = str(file.title) ?? pending?.filename;
      const targets = resolvedChannels.length > 0 ? resolvedChannels : [undefined];
      for (const channel of targets) {
        this.fileShares.push({
          fileId: id,
          title,
          filename: pending?.filename,
          channel,
          threadTs: str(args.thread_ts),
          initialComment: str(args.initial_comment),
          at: Date.now(),
        });
      }
      result.push({
        id,
        title,
        name: pending?.filename,
        size: this.uploads.get(id)?.length ?? 0,
        user: BOT_USER_ID,
        permalink: `https://fake.slack.test/files/${BOT_USER_ID}/${id}/${encodeURIComponent(pending?.filename ?? id)}`,
        channels: resolvedChannels.filter((channel) => channel?.startsWith("C")),
      });
    }
    return { ok: true, files: result };
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
      message.blocks = this.blocksOf(body.blocks);
      message.attachments = this.blocksOf(body.attachments);
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
