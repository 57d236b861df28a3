import type { Tx } from "../db/transaction.ts";

/** Which kind of request a Slack delivery is about (subscription requests come with issue 3). */
export type RequestType = "attachment";

export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Payload of each outbox kind: what the worker needs to make the delivery later, after commit. */
export interface OutboxPayloads {
  EMAIL: EmailPayload;
  /** Post the request where it must be shown (the structure's channel, or DMs to its managers). */
  SLACK_SHOW_REQUEST: { requestType: RequestType; requestId: string };
  /** Re-render every Slack message showing the request (after a decision). */
  SLACK_REFRESH_REQUEST: { requestType: RequestType; requestId: string };
}

export type OutboxKindName = keyof OutboxPayloads;

/**
 * Queues a delivery inside the caller's transaction: it exists if and only if the change that
 * causes it is committed, and the worker delivers it after.
 */
export async function enqueueDelivery<K extends OutboxKindName>(
  tx: Tx,
  kind: K,
  payload: OutboxPayloads[K],
): Promise<void> {
  await tx.outboxMessage.create({ data: { kind, payload: { ...payload } } });
}
