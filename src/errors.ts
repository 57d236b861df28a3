/** Machine-readable causes, shared by the REST API (as `error.code`) and the Slack adapters. */
export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "already_decided"
  | "idempotency_key_reused"
  | "request_in_progress"
  | "storage_full"
  | "unsupported_media_type"
  /** A system the request needs (Chorus Pro) is out of reach or not configured: try again later. */
  | "unavailable";

const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_decided: 409,
  idempotency_key_reused: 422,
  request_in_progress: 409,
  // The server's, not the request's: the same request may succeed once space is freed.
  storage_full: 503,
  unsupported_media_type: 415,
  unavailable: 503,
};

/** A bad input field and what is wrong with it, in the user's language. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type of the app: a code for programs, a message for people (already in the user's
 * language), and per-field details that become modal field errors or the API's `details`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldError[];
  /**
   * The pending request a duplicate collided with (a `conflict`): a system that lost the answer to
   * its first request finds it with this id (the API's `error.existingRequestId`).
   */
  readonly existingRequestId: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: FieldError[] = [],
    options: { existingRequestId?: string | undefined } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.existingRequestId = options.existingRequestId;
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The 4xx status of an error the request itself caused before any handler ran (a body too large or
 * not parseable, a path that cannot be decoded: express and body-parser set `status`), or null.
 */
export function clientErrorStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : null;
}
