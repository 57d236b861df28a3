import type { HttpAnswer } from "./transport.ts";

/** A PISTE access token; `fresh` when it was obtained for this very call (a 401 then is not the token's). */
export interface AccessToken {
  value: string;
  fresh: boolean;
}

export interface TokenSource {
  /** The cached token, or a new one when there is none or it is about to expire. */
  get(): Promise<AccessToken>;
  /** Forgets `value` (PISTE revoked it early): the next `get` asks for a new one. */
  invalidate(value: string): void;
}

export interface TokenSourceOptions {
  clientId: string;
  clientSecret: string;
  now: () => Date;
  /** POSTs the form to the token endpoint, with retries. */
  postForm: (form: URLSearchParams) => Promise<HttpAnswer>;
  /** The errors to throw: PISTE refused the app's credentials, or answered something unreadable. */
  refused: () => Error;
  unexpected: () => Error;
}

/** Renewed this long before PISTE says it expires, so that no call leaves with a token about to die. */
const MAX_EXPIRY_MARGIN_MS = 60_000;

/**
 * The app's PISTE token (OAuth2 client credentials), kept until shortly before `expires_in` and
 * asked for once however many calls wait for it.
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  let cached: { value: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function obtain(): Promise<string> {
    const answer = await options.postForm(
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: "openid",
      }),
    );
    // RFC 6749 answers bad client credentials with 400 invalid_client or 401; PISTE with 401.
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) throw options.refused();
    const body = answer.body as { access_token?: unknown; expires_in?: unknown } | null;
    if (answer.status !== 200 || typeof body?.access_token !== "string" || body.access_token === "")
      throw options.unexpected();
    const lifetimeMs = (typeof body.expires_in === "number" ? body.expires_in : 3600) * 1000;
    const margin = Math.min(MAX_EXPIRY_MARGIN_MS, lifetimeMs / 10);
    cached = { value: body.access_token, expiresAt: options.now().getTime() + lifetimeMs - margin };
    return body.access_token;
  }

  return {
    async get() {
      if (cached && options.now().getTime() < cached.expiresAt) return { value: cached.value, fresh: false };
      pending ??= obtain().finally(() => {
        pending = null;
      });
      return { value: await pending, fresh: true };
    },
    invalidate(value) {
      if (cached?.value === value) cached = null;
    },
  };
}
