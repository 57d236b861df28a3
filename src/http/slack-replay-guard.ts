import type { IncomingMessage } from "node:http";
import { isValidSlackRequest } from "@slack/bolt";
import type { RequestHandler } from "express";
import type { Database } from "../db/database.ts";
import type { ServiceContext } from "../services/context.ts";
import {
  createSharedReceiptRecorder,
  purgeSlackRequestReceipts,
  type ReceiptRecorder,
  type SlackRequestReceipt,
} from "../services/slack-workspace/slack-request-receipts.ts";
import { type SlackBodyReader, UnverifiedBodyError } from "./slack-body-reader.ts";
import { isMalformedInteraction } from "./slack-payload-shape.ts";

/** Bolt accepts a timestamp up to 5 minutes old: a receipt kept twice as long covers that window. */
const RECEIPT_TTL_MS = 10 * 60 * 1000;
/**
 * Bolt accepts any timestamp ahead of the clock: one stamped an hour ahead would stay valid after its
 * receipt is purged, and could be replayed then. Slack's clock and ours differ by seconds, not minutes.
 */
const MAX_AHEAD_MS = 5 * 60 * 1000;
/** Bolt refuses a timestamp older than this: such a request is refused before its body is read. */
const MAX_AGE_MS = 5 * 60 * 1000;
/** Receipts are purged on the way, at most this often per replica, never on every request. */
const PURGE_EVERY_MS = 60 * 1000;

/**
 * Why a signed request is refused on its timestamp alone, before its body is read, or null: Bolt
 * refuses the stale ones too, but only once their body is in memory.
 */
function refusalOfTimestamp(
  timestamp: number,
  nowMs: number,
): "malformed_timestamp" | "stale" | "stamped_ahead" | null {
  if (!Number.isFinite(timestamp)) return "malformed_timestamp";
  if (timestamp * 1000 > nowMs + MAX_AHEAD_MS) return "stamped_ahead";
  if (timestamp * 1000 < nowMs - MAX_AGE_MS) return "stale";
  return null;
}

/** The receipt of each interaction or command on its way through Bolt. */
const receipts = new WeakMap<IncomingMessage, SlackRequestReceipt>();

/**
 * The receipt of the signed Slack request `req` (slack/listeners/replays.ts reads it); undefined for
 * a request the guard did not record (unsigned, invalid, an event).
 */
export function receiptOf(req: IncomingMessage): SlackRequestReceipt | undefined {
  return receipts.get(req);
}

/**
 * The receipts of the replay guard for `database`: every replica writes each one and hears the
 * others' (one replica alone, on the embedded server, the same way). The caller closes it.
 */
export function createSlackReceipts(options: { ctx: ServiceContext; database: Database }): ReceiptRecorder {
  const { ctx, database } = options;
  return createSharedReceiptRecorder(ctx.prisma, {
    windowMs: RECEIPT_TTL_MS,
    now: Date.now,
    listen: database.listen,
    onListeningLost: (error) =>
      ctx.logger.warn(
        { err: error },
        "Slack request receipts of the other replicas not heard: replays wait for the database until listening again",
      ),
  });
}

/**
 * Express middleware for Slack's endpoint, mounted before Bolt's receiver. A request without a
 * signature, or stamped more than 5 minutes from now either way, is answered 401 before its body is
 * read; the body of the others is read within the limits of `bodies` (slack-body-reader.ts). A
 * request whose signature is valid is recorded (`receipts`), and the same signed request sent again
 * (a replay within Slack's 5-minute window, to any replica) is answered 401; a signed interaction
 * whose payload Bolt could not route is answered 400 (slack-payload-shape.ts). A bad signature is
 * left to Bolt, which answers it 401 itself. Slack's own retries are signed anew, so they pass:
 * idempotent use cases handle them. The body read here is handed to Bolt as `req.rawBody`, which its
 * receiver reads instead of the stream.
 *
 * An interaction or a command goes on to Bolt while its receipt is written, so that the write costs
 * its ack nothing in a burst; its listener waits for the receipt, a block action's work only after
 * its ack (slack/listeners/replays.ts). Bolt acknowledges an Events API request before any
 * middleware, so an event waits for its receipt here.
 */
export function slackReplayGuard(options: {
  ctx: ServiceContext;
  signingSecret: string;
  receipts: ReceiptRecorder;
  bodies: SlackBodyReader;
}): RequestHandler {
  const { ctx, signingSecret, receipts: recorder, bodies } = options;
  let lastPurge = 0;
  const refused = (reason: string) => ctx.metrics.slackRequestsRefused.inc({ reason });

  // Wall-clock time, whatever clock the app is given: signatures are timed by Slack's real clock.
  function purgeNowAndThen(nowMs: number): void {
    if (nowMs - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = nowMs;
    purgeSlackRequestReceipts(ctx, new Date(nowMs - RECEIPT_TTL_MS)).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "purge of Slack request receipts failed"),
    );
  }

  return async (req, res, next) => {
    const signature = req.header("x-slack-signature");
    const timestamp = Number(req.header("x-slack-request-timestamp"));
    const refusal = signature ? refusalOfTimestamp(timestamp, Date.now()) : "unsigned";
    if (refusal !== null || !signature) {
      const reason = refusal ?? "unsigned";
      refused(reason);
      ctx.logger.warn({ requestTimestamp: timestamp, reason }, "Slack request refused before its body");
      res.status(401).send();
      return;
    }
    let body: Buffer;
    let text: string;
    let valid: boolean;
    try {
      // Held against the budget of unverified bodies until its signature is checked.
      const unverified = await bodies.read(req);
      body = unverified.body;
      text = body.toString();
      const headers = { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp };
      try {
        valid = isValidSlackRequest({ signingSecret, body: text, headers });
      } finally {
        unverified.release();
      }
    } catch (error) {
      if (!(error instanceof UnverifiedBodyError)) return next(error);
      refused(error.reason);
      ctx.logger.warn({ reason: error.reason, status: error.status }, "Slack request body refused");
      if (error.retryAfterSeconds) res.set("Retry-After", String(error.retryAfterSeconds));
      res.status(error.status).send();
      return;
    }
    (req as { rawBody?: Buffer }).rawBody = body;
    // Invalid: Bolt refuses it next (401) and logs why; only valid requests leave a receipt.
    if (!valid) return next();
    if (req.is("application/x-www-form-urlencoded") && isMalformedInteraction(text)) {
      refused("malformed_payload");
      ctx.logger.warn("malformed Slack interaction payload refused");
      res.status(400).send();
      return;
    }
    const nowMs = Date.now();
    const receipt = recorder.record(signature, new Date(nowMs));
    purgeNowAndThen(nowMs);
    if (!req.is("application/json")) {
      receipts.set(req, receipt);
      // Its listener reports a failed write (500); this copy only must not count as unhandled.
      receipt.first.catch(() => {});
      return next();
    }
    let firstSeen: boolean;
    try {
      firstSeen = await receipt.first;
    } catch (error) {
      ctx.logger.error({ err: error }, "Slack request receipt not recorded");
      res.status(500).send();
      return;
    }
    if (firstSeen) return next();
    refused("replay");
    ctx.logger.warn({ requestTimestamp: timestamp }, "replayed Slack request refused");
    res.status(401).send();
  };
}
