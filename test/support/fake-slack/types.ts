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

/** An output parameter of a function, as Slack describes it in a function_executed event. */
export interface FakeSlackFunctionParameter {
  name: string;
  type: string;
  is_required?: boolean;
}

/** A run of one of the app's functions (a Workflow Builder step), as Slack keeps it. */
export interface FakeSlackFunctionExecution {
  id: string;
  /** The execution's own token (xwfp-…), accepted while it runs. */
  botAccessToken: string;
  outputParameters: FakeSlackFunctionParameter[];
  state: "running" | "completed" | "failed";
  /** What functions.completeSuccess gave. */
  outputs?: SlackArgs;
  /** What functions.completeError gave. */
  error?: string | undefined;
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
  /** The runs of the app's functions started by {@link FakeSlack.startFunctionExecution}, by id. */
  readonly functionExecutions: Map<string, FakeSlackFunctionExecution>;
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
  /**
   * Starts a run of one of the app's functions, as Slack does before sending its function_executed
   * event: the id and token to put in the event. functions.completeSuccess/completeError then end it
   * once (checking the outputs against `outputParameters`); its token is accepted while it runs.
   */
  startFunctionExecution(options: { outputParameters: FakeSlackFunctionParameter[] }): {
    functionExecutionId: string;
    botAccessToken: string;
  };
  waitFor(predicate: (calls: FakeSlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Validates what the app answered to a view_submission; problems are added to `violations` and returned. */
  checkViewSubmissionResponse(body: unknown): string[];
  /** Every file shared so far with its bytes, oldest first. */
  sharedFiles(): FakeSlackSharedFile[];
  /** The files shared in a user's DM (the channel conversations.open gives for that user id), oldest first. */
  filesSentTo(userId: string): FakeSlackSharedFile[];
  /**
   * The violations recorded so far, oldest first, which it empties: the only way to forget one (the
   * harness takes them after each test, to fail it with them).
   */
  takeViolations(): string[];
  /**
   * Clears calls, responses, injected failures, rate-limit state, the 429 counter and the uploaded
   * files (not the other data). Not the violations: a call Slack would have rejected fails its test
   * whatever the test does after it (see {@link FakeSlack.takeViolations}).
   */
  reset(): void;
  close(): Promise<void>;
}
