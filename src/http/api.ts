import { pipeline } from "node:stream/promises";
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  Router,
} from "express";
import { z } from "zod";
import type { Locale } from "../config.ts";
import type { BeforeCommit } from "../db/transaction.ts";
import { AppError, clientErrorStatus } from "../errors.ts";
import { createUser } from "../services/accounts/create-user.ts";
import { importStructure } from "../services/chorus-pro/import-structure.ts";
import type { ServiceContext } from "../services/context.ts";
import { exportAuthorisations } from "../services/exports/export-authorisations.ts";
import type { CsvExport } from "../services/exports/export-scope.ts";
import { exportStructureUsers } from "../services/exports/export-structure-users.ts";
import {
  recordFluxRejects,
  type TouchedFluxRejectFile,
} from "../services/flux-rejects/record-flux-rejects.ts";
import { verifyHistory } from "../services/history/verify-history.ts";
import {
  claimIdempotencyKey,
  completeIdempotentRequest,
  type IdempotencyClaim,
  storeIdempotentAnswer,
} from "../services/idempotency.ts";
import { createAttachmentRequest } from "../services/requests/create-attachment-request.ts";
import { createSubscriptionRequest } from "../services/requests/create-subscription-request.ts";
import {
  findAttachmentRequestDetails,
  findSubscriptionRequestDetails,
} from "../services/requests/request-details.ts";
import { storageFullError } from "../services/storage-full.ts";
import { createStructure } from "../services/structures/create-structure.ts";
import { updateStructureSettings } from "../services/structures/update-structure-settings.ts";
import { bearerChecker, sha256 } from "./bearer.ts";
import {
  presentAttachmentRequest,
  presentCreatedRequest,
  presentStructure,
  presentSubscriptionRequest,
  presentUser,
} from "./presenters.ts";
import {
  createAttachmentRequestBody,
  createStructureBody,
  createSubscriptionRequestBody,
  createUserBody,
  importStructureBody,
  NUL_CHARACTER_ISSUE,
  recordFluxRejectsBody,
  updateStructureBody,
} from "./schemas.ts";

export interface ApiDeps {
  ctx: ServiceContext;
  apiTokens: string[];
  locale: Locale;
}

/** "spaces[1].serviceCode": the same notation as the use cases' field errors. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === "number" ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    "",
  );
}

/** Zod's messages in the API's language, and ours for the issues zod has no words for. */
function issueMessages(deps: ApiDeps): z.core.$ZodErrorMap {
  const zodMessages = z.locales[deps.locale]().localeError;
  return (issue) =>
    issue.code === "custom" && issue.params?.problem === NUL_CHARACTER_ISSUE
      ? deps.ctx.messages.errors.nulCharacter
      : zodMessages(issue);
}

/** Parses a body with the route's schema; bad fields come back as a 400 listing each of them. */
function parseBody<T extends z.ZodType>(deps: ApiDeps, schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {}, { error: issueMessages(deps) });
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: fieldPath(issue.path) || "body",
    message: issue.message,
  }));
  throw new AppError("invalid_input", deps.ctx.messages.errors.invalidInput, details);
}

/** `Authorization: Bearer <one of API_TOKENS>`, compared in constant time. */
function requireBearer(deps: ApiDeps) {
  const check = bearerChecker(deps.apiTokens);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = check(req);
    if (!presented) throw new AppError("unauthorized", deps.ctx.messages.errors.unauthorizedApi);
    res.locals.clientHash = presented.toString("hex");
    next();
  };
}

/** A request holding its Idempotency-Key, in `res.locals.idempotency` while it runs. */
interface HeldKey {
  claim: IdempotencyClaim;
  /** Its answer was committed with the use case's change (see `answerOf`): nothing left to store. */
  stored: boolean;
}

/**
 * Honours `Idempotency-Key` on POSTs: a retry of the same request gets the first answer again (with
 * `Idempotent-Replayed: true`) instead of acting twice. A success is stored in the use case's own
 * transaction (`answerOf`), a refusal before it is sent. One still running answers 409 with
 * `Retry-After` (its lease's end): a process that died in it leaves the key to the next retry then.
 */
function idempotency(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get("idempotency-key");
    if (req.method !== "POST" || key === undefined) return next();
    if (key.length === 0 || key.length > 255) {
      const message = deps.ctx.messages.errors.invalidInput;
      throw new AppError("invalid_input", message, [{ field: "Idempotency-Key", message }]);
    }
    const now = deps.ctx.now();
    const outcome = await claimIdempotencyKey(
      deps.ctx.prisma,
      deps.ctx.messages,
      {
        clientHash: res.locals.clientHash as string,
        key,
        route: `${req.method} ${req.baseUrl}${req.path}`,
        requestHash: sha256(JSON.stringify(req.body ?? null)).toString("hex"),
      },
      now,
    );
    if (outcome.kind === "answered") {
      res.set("Idempotent-Replayed", "true").status(outcome.status).json(outcome.body);
      return;
    }
    if (outcome.kind === "in_progress") {
      const seconds = Math.max(1, Math.ceil((outcome.lockedUntil.getTime() - now.getTime()) / 1000));
      res.set("Retry-After", String(seconds));
      throw new AppError("request_in_progress", deps.ctx.messages.errors.requestInProgress);
    }
    if (outcome.tookOver) {
      deps.ctx.logger.warn(
        { route: req.path },
        "idempotency key taken over: its first request never answered",
      );
    }
    const held: HeldKey = { claim: outcome.claim, stored: false };
    res.locals.idempotency = held;
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      if (held.stored) return send(body);
      completeIdempotentRequest(deps.ctx.prisma, held.claim, { status: res.statusCode, body })
        .then(() => send(body))
        .catch(next);
      return res;
    };
    next();
  };
}

/**
 * A route's success answer, `status` with `present(result)`. When the request holds an
 * Idempotency-Key, `beforeCommit` (for the use case) stores the answer in the use case's transaction:
 * a crash after the commit leaves the answer for the retry, a crash before leaves nothing done.
 */
function answerOf<R>(deps: ApiDeps, res: Response, status: number, present: (result: R) => unknown) {
  const held = res.locals.idempotency as HeldKey | undefined;
  let storedInTransaction = false;
  const beforeCommit: BeforeCommit<R> | undefined =
    held &&
    (async (tx, result) => {
      await storeIdempotentAnswer(tx, deps.ctx.messages, held.claim, { status, body: present(result) });
      storedInTransaction = true;
    });
  return {
    beforeCommit,
    /**
     * Sends the answer of a committed use case; one that did not run `beforeCommit` has its answer
     * stored now, as a refusal is.
     */
    send(result: R): void {
      if (held) held.stored = storedInTransaction;
      res.status(status).json(present(result));
    },
  };
}

export function errorBody(
  code: string,
  message: string,
  details: unknown[] = [],
  more: { existingRequestId?: string | undefined } = {},
) {
  return { error: { code, message, details, ...more } };
}

/**
 * Every failure is JSON `{"error": {"code", "message", "details"}}`, with `existingRequestId` when a
 * duplicate collided with a pending request; only the unexpected is a 500.
 */
function apiErrors(deps: ApiDeps): ErrorRequestHandler {
  const { messages, logger } = deps.ctx;
  return (error, _req, res, _next) => {
    const clientStatus = clientErrorStatus(error);
    const known = error instanceof AppError ? error : storageFullError(deps.ctx, error);
    if (known) {
      const more = known.existingRequestId ? { existingRequestId: known.existingRequestId } : {};
      res.status(known.httpStatus).json(errorBody(known.code, known.message, known.details, more));
    } else if (error?.type === "entity.parse.failed") {
      res.status(400).json(errorBody("invalid_input", messages.errors.malformedJson));
    } else if (clientStatus !== null) {
      // Too large (413), unsupported charset or encoding (415), undecodable path (400)…
      res.status(clientStatus).json(errorBody("invalid_input", messages.errors.invalidInput));
    } else {
      logger.error({ err: error }, "API request failed");
      res.status(500).json(errorBody("internal", messages.errors.unexpected));
    }
  };
}

/**
 * Streams an export as a CSV download. Its checks ran before (a refusal is still a JSON error); a
 * failure once bytes are out can only cut the connection, so the client sees a truncated download.
 */
async function sendCsv(deps: ApiDeps, res: Response, exported: CsvExport): Promise<void> {
  const filename = exported.filename.replace(/[^\w.-]/g, "_");
  res.status(200).set({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });
  try {
    await pipeline(exported.stream, res);
  } catch (error) {
    deps.ctx.logger.warn({ err: error, filename }, "CSV export interrupted");
    res.destroy();
  }
}

/** The media types of a JSON body (`req.is` and body-parser read them alike). */
const JSON_TYPES = ["application/json", "application/*+json"];

/** Half of a UTF-16 surrogate pair, alone: JSON's `\ud800` escape allows it, no text can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON.parse's reviver: a string or a key holding a lone surrogate makes the body malformed (400), as it would
 * otherwise fail deep down (Prisma's query compiler cannot take it: a 500).
 */
function refuseLoneSurrogates(key: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(key) || (typeof value === "string" && LONE_SURROGATE.test(value)))
    throw new SyntaxError("a string holds a lone UTF-16 surrogate");
  return value;
}

/** The REST API for systems: `/api/v1/…`, bearer-authenticated JSON. */
export function createApiRouter(deps: ApiDeps): Router {
  const { ctx } = deps;
  const router = Router();
  // The caller first: an unauthenticated body is never read.
  router.use(requireBearer(deps));
  // A body is JSON, said so: a form or a text posted by mistake gets 415, not a guess at its content.
  router.use((req, _res, next) => {
    if (req.is(JSON_TYPES) === false)
      throw new AppError("unsupported_media_type", ctx.messages.errors.notJson);
    next();
  });
  router.use(express.json({ limit: "1mb", type: JSON_TYPES, reviver: refuseLoneSurrogates }));
  router.use(idempotency(deps));
  // PostgreSQL text cannot hold NUL: an identifier with one names no structure (and must not reach a query).
  router.param("identifier", (_req, _res, next, identifier: string) => {
    if (identifier.includes("\u0000"))
      throw new AppError("not_found", ctx.messages.errors.structureNotFound(identifier));
    next();
  });

  router.post("/structures", async (req, res) => {
    const body = parseBody(deps, createStructureBody, req.body);
    const answer = answerOf(deps, res, 201, presentStructure);
    const structure = await createStructure(
      ctx,
      { ...body, slackChannelId: body.slackChannelId ?? null },
      answer.beforeCommit,
    );
    answer.send(structure);
  });

  router.post("/structures/import", async (req, res) => {
    const body = parseBody(deps, importStructureBody, req.body);
    const answer = answerOf(deps, res, 201, presentStructure);
    const structure = await importStructure(
      ctx,
      { ...body, slackChannelId: body.slackChannelId ?? null, actor: null },
      answer.beforeCommit,
    );
    answer.send(structure);
  });

  router.patch("/structures/:identifier", async (req, res) => {
    const body = parseBody(deps, updateStructureBody, req.body);
    const { structure, generatedRequestIds } = await updateStructureSettings(ctx, {
      identifier: req.params.identifier ?? "",
      ...body,
    });
    res.json({
      identifier: structure.identifier,
      designation: structure.designation,
      spaces: structure.spaces,
      slackTeamId: structure.slackTeamId,
      viaPigp: structure.viaPigp,
      generatedSubscriptionRequests: generatedRequestIds,
    });
  });

  router.get("/structures/:identifier/users.csv", async (req, res) => {
    await sendCsv(
      deps,
      res,
      await exportStructureUsers(ctx, null, { identifier: req.params.identifier ?? "" }),
    );
  });

  router.get("/structures/:identifier/authorisations.csv", async (req, res) => {
    await sendCsv(
      deps,
      res,
      await exportAuthorisations(ctx, null, { identifier: req.params.identifier ?? "" }),
    );
  });

  router.get("/structures/:identifier/history/verify", async (req, res) => {
    res.json(await verifyHistory(ctx, { identifier: req.params.identifier ?? "" }));
  });

  router.post("/users", async (req, res) => {
    const answer = answerOf(deps, res, 201, presentUser);
    answer.send(await createUser(ctx, parseBody(deps, createUserBody, req.body), answer.beforeCommit));
  });

  router.post("/attachment-requests", async (req, res) => {
    const body = parseBody(deps, createAttachmentRequestBody, req.body);
    const answer = answerOf(deps, res, 201, presentCreatedRequest);
    const input = { ...body, comment: body.comment || null };
    answer.send(await createAttachmentRequest(ctx, input, answer.beforeCommit));
  });

  router.get("/attachment-requests/:id", async (req, res) => {
    const request = await findAttachmentRequestDetails(ctx.prisma, req.params.id ?? "");
    if (!request) throw new AppError("not_found", ctx.messages.errors.requestNotFound.attachment);
    res.json(presentAttachmentRequest(request));
  });

  router.post("/subscription-requests", async (req, res) => {
    const body = parseBody(deps, createSubscriptionRequestBody, req.body);
    const answer = answerOf(deps, res, 201, presentCreatedRequest);
    const input = { ...body, comment: body.comment || null };
    answer.send(await createSubscriptionRequest(ctx, input, answer.beforeCommit));
  });

  router.get("/subscription-requests/:id", async (req, res) => {
    const request = await findSubscriptionRequestDetails(ctx.prisma, req.params.id ?? "");
    if (!request) throw new AppError("not_found", ctx.messages.errors.requestNotFound.subscription);
    res.json(presentSubscriptionRequest(request));
  });

  router.post("/flux-rejects", async (req, res) => {
    const body = parseBody(deps, recordFluxRejectsBody, req.body);
    const answer = answerOf(deps, res, 201, (files: TouchedFluxRejectFile[]) => ({
      received: body.rejects.length,
      files,
    }));
    answer.send(await recordFluxRejects(ctx, body, answer.beforeCommit));
  });

  router.use((_req, _res) => {
    throw new AppError("not_found", ctx.messages.errors.routeNotFound);
  });
  router.use(apiErrors(deps));
  return router;
}
