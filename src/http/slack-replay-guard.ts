import type { IncomingMessage } from "node:http";
import { isValidSlackRequest } from "@slack/bolt";
import express, { type RequestHandler } from "express";
import type { Database } from "../db/database.ts";
import type { ServiceContext } from "../services/context.ts";
import {
  createSharedReceiptRecorder,
  purgeSlackRequestReceipts,
  type ReceiptRecorder,
  type SlackRequestReceipt,
} from "../services/slack-request-receipts.ts";
import { isMalformedInteraction } from "./slack-payload-shape.ts";

/** Bolt accepts a timestamp up to 5 minutes old: a receipt kept twice as long covers that window. */
const RECEIPT_TTL_MS = 10 * 60 * 1000;
/**
 * Bolt accepts any timestamp ahead of the clock: one stamped an hour ahead would stay valid after its
 * receipt is purged, and could be replayed then. Slack's clock and ours differ by seconds, not minutes.
 */
const MAX_AHEAD_MS = 5 * 60 * 1000;
/** Receipts are purged on the way, at most this often per replica, never on every request. */
const PURGE_EVERY_MS = 60 * 1000;
/** Bolt's own limit: the body is read here in its place (too large → 413, as Bolt answers). */
const BODY_LIMIT = 4 * 1024 * 1024;

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
 * Express middleware for Slack's endpoint, mounted before Bolt's receiver: a request whose signature
 * is valid is recorded (`receipts`), and the same signed request sent again (a replay within Slack's
 * 5-minute window, to any replica) is answered 401, as is one stamped more than 5 minutes ahead; a
 * signed interaction whose payload Bolt could not route is answered 400 (slack-payload-shape.ts).
 * Requests with a bad signature or a stale timestamp are left to Bolt, which answers them 401
 * itself. Slack's own retries are signed anew, so they pass: idempotent use cases handle them. The
 * body read here is handed to Bolt as `req.rawBody`, which its receiver reads instead of the stream.
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
}): RequestHandler[] {
  const { ctx, signingSecret, receipts: recorder } = options;
  let lastPurge = 0;

  // Wall-clock time, whatever clock the app is given: signatures are timed by Slack's real clock.
  function purgeNowAndThen(nowMs: number): void {
    if (nowMs - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = nowMs;
    purgeSlackRequestReceipts(ctx, new Date(nowMs - RECEIPT_TTL_MS)).catch((error: unknown) =>
      ctx.logger.error({ err: error }, "purge of Slack request receipts failed"),
    );
  }

  const guard: RequestHandler = async (req, res, next) => {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) return next();
    (req as { rawBody?: Buffer }).rawBody = body;
    const signature = req.header("x-slack-signature");
    const timestamp = Number(req.header("x-slack-request-timestamp"));
    if (!signature) return next();
    if (timestamp * 1000 > Date.now() + MAX_AHEAD_MS) {
      ctx.logger.warn({ requestTimestamp: timestamp }, "Slack request stamped in the future refused");
      res.status(401).send();
      return;
    }
    const headers = { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp };
    const text = body.toString();
    // Invalid or stale: Bolt refuses it next (401) and logs why; only valid requests leave a receipt.
    if (!isValidSlackRequest({ signingSecret, body: text, headers })) return next();
    if (req.is("application/x-www-form-urlencoded") && isMalformedInteraction(text)) {
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
    ctx.logger.warn({ requestTimestamp: timestamp }, "replayed Slack request refused");
    res.status(401).send();
  };

  return [express.raw({ type: () => true, limit: BODY_LIMIT }), guard];
}
