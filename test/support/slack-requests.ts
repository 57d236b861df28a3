import { createHmac, randomBytes } from "node:crypto";

/**
 * Signed requests "from Slack" to the app's HTTP receiver (`<baseUrl>/slack/events` by default):
 * interactive payloads (block_actions, view_submission), slash commands and Events API callbacks,
 * shaped like the real ones and signed like Slack signs them.
 */

export const DEFAULT_TEAM_ID = "T0000TEST";
export const DEFAULT_TEAM_DOMAIN = "fake-workspace";
export const DEFAULT_API_APP_ID = "A0000TEST";
/** The deprecated verification token Slack still sends in payloads; Bolt ignores it when signatures are used. */
export const DEFAULT_VERIFICATION_TOKEN = "fake-verification-token";
/** Never resolvable (.test TLD): an app that posts to it without the test giving a fake response URL fails loudly. */
const UNSET_RESPONSE_URL = "https://hooks.slack.test/actions/T0000TEST/0000000000/unset";

export interface SlackSignatureHeaders {
  "X-Slack-Signature": string;
  "X-Slack-Request-Timestamp": string;
}

export interface SlackHttpResult {
  status: number;
  text: string;
  /** The parsed body when it is JSON. */
  json?: unknown;
  headers: Headers;
}

export interface SendSlackRequestOptions {
  /** The app's base URL, e.g. "http://127.0.0.1:3000". */
  baseUrl: string;
  /** The Slack signing secret the app is configured with. */
  secret: string;
  /** The raw body to send (already encoded). */
  body: string;
  /** Defaults to form encoding when the body looks like `a=b&...`, JSON otherwise. */
  contentType?: "application/json" | "application/x-www-form-urlencoded" | (string & {});
  /** Unix seconds used in the signature and header (default: now). */
  timestamp?: number;
  /** Overrides the computed `X-Slack-Signature` (e.g. to test rejection). */
  signature?: string;
  /** Adds `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason`) like Slack's event retries. */
  retryNum?: number;
  retryReason?: string;
  /** Path of the receiver (default "/slack/events"). */
  path?: string;
}

let triggerCounter = 0;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Slack-looking ts ("1700000000.123456") for the current time. */
function currentTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + Math.floor(Math.random() * 1000)).padStart(6, "0")}`;
}

/** A fresh trigger id shaped like Slack's ("1234.5678.abcd..."). */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}.${1_000_000 + triggerCounter}.${randomBytes(16).toString("hex")}`;
}

/** Headers Slack adds to sign `body`: `v0=` + HMAC-SHA256(secret, `v0:<timestamp>:<body>`) in hex. */
export function signSlackBody(
  secret: string,
  body: string,
  timestampSeconds = nowSeconds(),
): SlackSignatureHeaders {
  const signature = createHmac("sha256", secret).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return {
    "X-Slack-Signature": `v0=${signature}`,
    "X-Slack-Request-Timestamp": String(timestampSeconds),
  };
}

/** POSTs a signed body to the receiver and returns the status and body (parsed when JSON). */
export async function sendSlackRequest(options: SendSlackRequestOptions): Promise<SlackHttpResult> {
  const timestamp = options.timestamp ?? nowSeconds();
  const signed = signSlackBody(options.secret, options.body, timestamp);
  const contentType =
    options.contentType ??
    (/^[\w.%-]+=/.test(options.body) ? "application/x-www-form-urlencoded" : "application/json");
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "X-Slack-Request-Timestamp": signed["X-Slack-Request-Timestamp"],
    "X-Slack-Signature": options.signature ?? signed["X-Slack-Signature"],
  };
  if (options.retryNum !== undefined) {
    headers["X-Slack-Retry-Num"] = String(options.retryNum);
    headers["X-Slack-Retry-Reason"] = options.retryReason ?? "http_timeout";
  }
  const url = `${options.baseUrl.replace(/\/+$/, "")}${options.path ?? "/slack/events"}`;
  const response = await fetch(url, { method: "POST", headers, body: options.body });
  const text = await response.text();
  const result: SlackHttpResult = { status: response.status, text, headers: response.headers };
  if (text.length > 0 && (response.headers.get("content-type") ?? "").includes("json")) {
    try {
      result.json = JSON.parse(text);
    } catch {
      // Not JSON after all: callers still have `text`.
    }
  } else if (text.startsWith("{") || text.startsWith("[")) {
    try {
      result.json = JSON.parse(text);
    } catch {
      // Ignore: `text` holds the raw body.
    }
  }
  return result;
}

// -----------------------------------------------------------------------------------------------------------
// Interactive payloads
// -----------------------------------------------------------------------------------------------------------

function userObject(userId: string, teamId: string, userName?: string) {
  const name = userName ?? `user.${userId.toLowerCase()}`;
  return { id: userId, username: name, name, team_id: teamId };
}

function teamObject(teamId: string) {
  return { id: teamId, domain: DEFAULT_TEAM_DOMAIN };
}

function channelName(channelId: string): string {
  return channelId.startsWith("D") ? "directmessage" : `channel-${channelId.toLowerCase()}`;
}

export interface BlockActionsPayloadOptions {
  userId: string;
  teamId?: string;
  userName?: string;
  actionId: string;
  /** The element's value (buttons); omitted from the action when undefined. */
  value?: string;
  blockId?: string;
  /** The element type (default "button"). */
  actionType?: string;
  /** Extra fields merged into the action, e.g. `{ selected_option: {...} }` for a static_select. */
  actionExtra?: Record<string, unknown>;
  /** Text of the clicked button (default "Button"). */
  buttonText?: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  /** Use `fake.responseUrl()`; defaults to an unresolvable URL. */
  responseUrl?: string;
  /** The message the button is in (default: a minimal bot message with no blocks). */
  message?: Record<string, unknown>;
  /** When given, the action happened in this view (a modal or the home tab) instead of a message. */
  view?: Record<string, unknown>;
  /** `state.values` of the message or view. */
  stateValues?: Record<string, unknown>;
}

/** A `block_actions` payload, as Slack POSTs it in `payload=` when a user clicks an interactive element. */
export function blockActionsPayload(options: BlockActionsPayloadOptions): Record<string, unknown> {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const blockId = options.blockId ?? "actions";
  const actionType = options.actionType ?? "button";
  const action: Record<string, unknown> = {
    type: actionType,
    action_id: options.actionId,
    block_id: blockId,
    action_ts: currentTs(),
  };
  if (actionType === "button") {
    action.text = { type: "plain_text", text: options.buttonText ?? "Button", emoji: true };
  }
  if (options.value !== undefined) {
    action.value = options.value;
  }
  Object.assign(action, options.actionExtra);

  const base: Record<string, unknown> = {
    type: "block_actions",
    user: userObject(options.userId, teamId, options.userName),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: options.triggerId ?? newTriggerId(),
    team: teamObject(teamId),
    enterprise: null,
    is_enterprise_install: false,
    state: { values: options.stateValues ?? {} },
    actions: [action],
  };

  if (options.view !== undefined) {
    const viewId = typeof options.view.id === "string" ? options.view.id : "V0000000VIEW";
    return {
      ...base,
      container: { type: "view", view_id: viewId },
      view: {
        id: viewId,
        team_id: teamId,
        app_id: DEFAULT_API_APP_ID,
        bot_id: "BBOT00001",
        state: { values: options.stateValues ?? {} },
        hash: "1700000000.abcdef12",
        private_metadata: "",
        callback_id: "",
        ...options.view,
      },
    };
  }

  const channelId = options.channelId ?? "C0000TEST";
  const messageTs = options.messageTs ?? "1700000000.000100";
  return {
    ...base,
    container: { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: channelName(channelId) },
    message: options.message ?? {
      type: "message",
      subtype: "bot_message",
      text: "",
      user: "UBOT00001",
      bot_id: "BBOT00001",
      app_id: DEFAULT_API_APP_ID,
      team: teamId,
      ts: messageTs,
      blocks: [],
    },
    response_url: options.responseUrl ?? UNSET_RESPONSE_URL,
  };
}

/** One entry of Slack's `view.state.values[blockId][actionId]`. */
export type SlackStateValue =
  | { type: "static_select"; selected_option: SlackOption | null }
  | { type: "multi_static_select"; selected_options: SlackOption[] }
  | { type: "radio_buttons"; selected_option: SlackOption | null }
  | { type: "checkboxes"; selected_options: SlackOption[] }
  | { type: "plain_text_input"; value: string | null }
  | { type: "datepicker"; selected_date: string | null }
  | { type: string; [key: string]: unknown };

export interface SlackOption {
  text: { type: "plain_text" | "mrkdwn"; text: string; emoji?: boolean };
  value: string;
  description?: { type: "plain_text" | "mrkdwn"; text: string };
}

export type SlackStateValues = Record<string, Record<string, SlackStateValue>>;

/** Builds an option object as Slack echoes it back in state values. */
export function slackOption(value: string, text = value): SlackOption {
  return { text: { type: "plain_text", text, emoji: true }, value };
}

export interface ViewSubmissionPayloadOptions {
  userId: string;
  teamId?: string;
  userName?: string;
  callbackId: string;
  privateMetadata?: string;
  values: SlackStateValues;
  viewId?: string;
  hash?: string;
  title?: string;
  /** The view's blocks (Slack sends them back; handlers rarely read them). */
  blocks?: unknown[];
  triggerId?: string;
  /** For modals with `response_url_enabled` inputs. */
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

/** A `view_submission` payload, as Slack POSTs it when a user submits a modal. */
export function viewSubmissionPayload(options: ViewSubmissionPayloadOptions): Record<string, unknown> {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const viewId = options.viewId ?? "V0000000001";
  return {
    type: "view_submission",
    team: teamObject(teamId),
    user: userObject(options.userId, teamId, options.userName),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: options.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: "modal",
      blocks: options.blocks ?? [],
      private_metadata: options.privateMetadata ?? "",
      callback_id: options.callbackId,
      state: { values: options.values },
      hash: options.hash ?? "1700000000.abcdef12",
      title: { type: "plain_text", text: options.title ?? "Modal", emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: "plain_text", text: "Cancel", emoji: true },
      submit: { type: "plain_text", text: "Submit", emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: DEFAULT_API_APP_ID,
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: "BBOT00001",
    },
    response_urls: options.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Something that checks what the app answered to an interaction (e.g. the FakeSlack instance). */
export interface InteractionResponseChecker {
  checkViewSubmissionResponse(body: unknown): string[];
}

export interface SendInteractionOptions extends Omit<SendSlackRequestOptions, "body" | "contentType"> {
  payload: Record<string, unknown>;
  /** When given, a view_submission's JSON answer (`response_action`...) is validated and violations recorded. */
  checkResponseWith?: InteractionResponseChecker;
}

/** POSTs an interactive payload as Slack does: form body `payload=<url-encoded JSON>`. */
export async function sendInteraction(options: SendInteractionOptions): Promise<SlackHttpResult> {
  const { payload, checkResponseWith, ...rest } = options;
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const result = await sendSlackRequest({ ...rest, body, contentType: "application/x-www-form-urlencoded" });
  if (checkResponseWith !== undefined && payload.type === "view_submission" && result.json !== undefined) {
    checkResponseWith.checkViewSubmissionResponse(result.json);
  }
  return result;
}

// -----------------------------------------------------------------------------------------------------------
// Slash commands
// -----------------------------------------------------------------------------------------------------------

export interface SlashCommandOptions {
  command?: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  triggerId?: string;
  /** Use `fake.responseUrl()`; defaults to an unresolvable URL. */
  responseUrl?: string;
}

/** The form fields Slack sends for a slash command. */
export function slashCommandBody(options: SlashCommandOptions): Record<string, string> {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  return {
    token: DEFAULT_VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: DEFAULT_TEAM_DOMAIN,
    channel_id: options.channelId,
    channel_name: options.channelName ?? channelName(options.channelId),
    user_id: options.userId,
    user_name: options.userName ?? `user.${options.userId.toLowerCase()}`,
    command: options.command ?? "/chorus",
    text: options.text,
    api_app_id: DEFAULT_API_APP_ID,
    is_enterprise_install: "false",
    response_url: options.responseUrl ?? "https://hooks.slack.test/commands/T0000TEST/0000000000/unset",
    trigger_id: options.triggerId ?? newTriggerId(),
  };
}

export type SendSlashCommandOptions = Omit<SendSlackRequestOptions, "body" | "contentType"> &
  SlashCommandOptions;

/** POSTs a signed slash command (form-encoded). */
export async function sendSlashCommand(options: SendSlashCommandOptions): Promise<SlackHttpResult> {
  const { baseUrl, secret, timestamp, signature, retryNum, retryReason, path, ...command } = options;
  const body = new URLSearchParams(slashCommandBody(command)).toString();
  return sendSlackRequest({
    baseUrl,
    secret,
    body,
    contentType: "application/x-www-form-urlencoded",
    timestamp,
    signature,
    retryNum,
    retryReason,
    path,
  });
}

// -----------------------------------------------------------------------------------------------------------
// Events API
// -----------------------------------------------------------------------------------------------------------

export interface EventCallbackOptions {
  /** The inner event, e.g. `{ type: "app_home_opened", user: "U…", channel: "D…", tab: "home" }`. */
  event: Record<string, unknown>;
  teamId?: string;
  eventId?: string;
}

/** An Events API `event_callback` envelope around `event`. */
export function eventCallbackPayload(options: EventCallbackOptions): Record<string, unknown> {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const eventTime = nowSeconds();
  return {
    token: DEFAULT_VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: DEFAULT_API_APP_ID,
    event: { event_ts: currentTs(), ...options.event },
    type: "event_callback",
    event_id: options.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: "UBOT00001",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export type SendEventOptions = Omit<SendSlackRequestOptions, "body" | "contentType"> & EventCallbackOptions;

/** POSTs a signed Events API callback (JSON). */
export async function sendEvent(options: SendEventOptions): Promise<SlackHttpResult> {
  const { event, teamId, eventId, ...rest } = options;
  const body = JSON.stringify(eventCallbackPayload({ event, teamId, eventId }));
  return sendSlackRequest({ ...rest, body, contentType: "application/json" });
}
