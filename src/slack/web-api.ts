import {
  type Logger as SlackLogger,
  type WebAPICallResult,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from "@slack/web-api";
import type { Logger } from "../logger.ts";
import { DeliveryError } from "../notify/outbox-worker.ts";
import type { SlackDirectory } from "../services/slack-workspace/slack-identities.ts";
import type { SlackCall, SlackRateLimiter } from "./delivery/slack-rate-limiter.ts";

/** Slack error codes worth another try later; any other platform error will fail again the same way. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Adapts pino to the logger interface of Slack's SDK. */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  let level = "info";
  return {
    debug: (...args) => child.debug(args.join(" ")),
    info: (...args) => child.info(args.join(" ")),
    warn: (...args) => child.warn(args.join(" ")),
    error: (...args) => child.error(args.join(" ")),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level as ReturnType<SlackLogger["getLevel"]>,
    setName: () => {},
  };
}

export interface WebApiClientOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  /** How long a call may take before it counts as failed (and is retried later). */
  timeoutMs: number;
}

/**
 * A Web API client that hands 429s and failures back instead of retrying them itself, so that the
 * outbox reschedules the delivery durably (after `Retry-After`) instead of holding it in memory.
 */
export function createWebApiClient(options: WebApiClientOptions): WebClient {
  return new WebClient(options.token, clientOptions(options));
}

function clientOptions(options: WebApiClientOptions) {
  return {
    slackApiUrl: options.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs,
    logger: slackLogger(options.logger),
  };
}

/** Every call waits its turn in the rate limiter first, and tells it of Slack's 429s. */
class RateLimitedWebClient extends WebClient {
  constructor(
    options: WebApiClientOptions,
    private readonly limiter: SlackRateLimiter,
    private readonly workspace: string | undefined,
  ) {
    super(options.token, clientOptions(options));
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const call: SlackCall = {
      method,
      ...(typeof options.channel === "string" ? { channel: options.channel } : {}),
      ...(this.workspace ? { workspace: this.workspace } : {}),
    };
    await this.limiter.awaitTurn(call);
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      if (error instanceof WebAPIRateLimitedError)
        await this.limiter.rateLimited(call, error.retryAfter * 1000);
      throw error;
    }
  }
}

/**
 * The Web API client of the outbox worker: paced by the rate limiter (a call whose turn has not come
 * throws a paced DeliveryError), 429s and failures handed back to the outbox. `workspace`: the team
 * the token belongs to, when the app serves several (Slack's limits are per workspace).
 */
export function createDeliveryClient(
  options: WebApiClientOptions & { limiter: SlackRateLimiter; workspace?: string },
): WebClient {
  return new RateLimitedWebClient(options, options.limiter, options.workspace);
}

/** Classifies a Web API failure for the outbox: rate limits and outages are retried, the rest is final. */
export function toDeliveryError(error: unknown): DeliveryError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(message, { retryAfterMs: error.retryAfter * 1000, cause: error });
  }
  if (error instanceof WebAPIPlatformError) {
    return new DeliveryError(message, {
      permanent: !TRANSIENT_PLATFORM_ERRORS.has(error.data.error),
      cause: error,
    });
  }
  if (error instanceof WebAPIHTTPError) {
    return new DeliveryError(message, {
      permanent: error.statusCode < 500 && error.statusCode !== 408,
      cause: error,
    });
  }
  return new DeliveryError(message, { cause: error });
}

/** Whether a Web API call failed with that Slack error code. */
export function platformErrorIs(error: unknown, code: string): boolean {
  return error instanceof WebAPIPlatformError && error.data.error === code;
}

/**
 * users.info and users.lookupByEmail, for mapping Slack users to Chorus Pro accounts, asked with the
 * client of the workspace concerned.
 */
export function webApiDirectory(clientOf: (teamId: string) => Promise<WebClient>): SlackDirectory {
  return {
    async emailOf(teamId, slackUserId) {
      const client = await clientOf(teamId);
      try {
        const result = await client.users.info({ user: slackUserId });
        const address = result.user?.profile?.email;
        return address ? { address, confirmed: result.user?.is_email_confirmed !== false } : null;
      } catch (error) {
        // A user Slack does not know (or not show) in that workspace has no e-mail to go by.
        if (platformErrorIs(error, "user_not_found") || platformErrorIs(error, "user_not_visible"))
          return null;
        throw error;
      }
    },
    async userIdByEmail(teamId, email) {
      const client = await clientOf(teamId);
      try {
        const result = await client.users.lookupByEmail({ email });
        return result.user?.id ?? null;
      } catch (error) {
        if (platformErrorIs(error, "users_not_found")) return null;
        throw error;
      }
    },
  };
}

/** The workspace the bot token belongs to (auth.test), asked once. */
export function workspaceOf(client: WebClient): () => Promise<string> {
  let teamId: Promise<string> | null = null;
  return () => {
    teamId ??= client.auth.test().then((result) => {
      if (!result.team_id) throw new Error("auth.test returned no team_id");
      return result.team_id;
    });
    teamId.catch(() => {
      teamId = null;
    });
    return teamId;
  };
}
