import type { Tx } from "../db/transaction.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** Which kind of request a delivery is about. */
export type RequestType = "attachment" | "subscription";

export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The language it is written in (its Content-Language); absent from rows queued before 10 December 2026. */
  language?: string;
}

/** Payload of each outbox kind: what the worker needs to make the delivery later, after commit. */
export interface OutboxPayloads {
  EMAIL: EmailPayload;
  /**
   * An account's activation e-mail, rendered at delivery: its link's secret is made then and stored
   * nowhere (only its hash, on the token), so the outbox never holds a working link.
   */
  ACTIVATION_EMAIL: { activationTokenId: string };
  /** Post the request where it must be shown (the structure's channel, or DMs to its managers). */
  SLACK_SHOW_REQUEST: { requestType: RequestType; requestId: string };
  /** Re-render every Slack message showing the request (after a decision). */
  SLACK_REFRESH_REQUEST: { requestType: RequestType; requestId: string };
  /**
   * A message rendered when queued (digest, reminder; a bulk summary before 5 December 2026), posted
   * to a channel, or by DM to an account when its Slack identity is known (skipped otherwise).
   */
  SLACK_POST_MESSAGE: {
    channel: string | null;
    accountId: string | null;
    text: string;
    blocks: unknown[];
    /** A reply in this message's thread (a requester's reminder under the request's message). */
    threadTs?: string;
  };
  /** A finished bulk run's summary, rendered when delivered, by DM to its manager (as SLACK_POST_MESSAGE). */
  SLACK_BULK_SUMMARY: { bulkRunId: string; accountId: string };
  /**
   * Tells a requester by DM what became of their requests (decided, closed), rendered when delivered;
   * skipped when their Slack identity is not known (the e-mail stays).
   */
  SLACK_TELL_REQUESTER: { accountId: string; requests: { requestType: RequestType; requestId: string }[] };
  /** A manager's question, by DM to the requester (by e-mail when Slack does not know them). */
  SLACK_ASK_REQUESTER: { questionId: string; requestType: RequestType; requestId: string };
  /** Re-publishes a manager's Home tab (counts changed). */
  SLACK_PUBLISH_HOME: { accountId: string };
  /**
   * Completes a Workflow Builder step that waits for its request to leave PENDING
   * (functions.completeSuccess), in its workspace `teamId`: the outputs are the decision's, final once
   * taken, so rendered when queued.
   */
  SLACK_COMPLETE_FUNCTION: { teamId: string; functionExecutionId: string; outputs: Record<string, string> };
}

export type OutboxKindName = keyof OutboxPayloads;

/** One delivery to queue: its kind, its payload, and when it may be made at the earliest. */
export type QueuedDelivery = {
  [K in OutboxKindName]: { kind: K; payload: OutboxPayloads[K]; notBefore?: Date };
}[OutboxKindName];

/** A plain-text DM to an account, skipped at delivery when Slack does not know them. */
export function directMessage(accountId: string, text: string): QueuedDelivery {
  return { kind: "SLACK_POST_MESSAGE", payload: { channel: null, accountId, text, blocks: [] } };
}

/**
 * Queues deliveries inside the caller's transaction, in one statement: they exist if and only if
 * the change that causes them is committed, and the worker delivers them after.
 */
export async function enqueueDeliveries(tx: Tx, deliveries: readonly QueuedDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.outboxMessage.createMany({
    data: deliveries.map(({ kind, payload, notBefore }) => ({
      kind,
      // Payloads are plain JSON by construction (strings, ids, Block Kit objects).
      payload: payload as Prisma.InputJsonObject,
      ...(notBefore ? { availableAt: notBefore } : {}),
    })),
  });
}

/** One delivery: see {@link enqueueDeliveries}. */
export async function enqueueDelivery<K extends OutboxKindName>(
  tx: Tx,
  kind: K,
  payload: OutboxPayloads[K],
  options: { notBefore?: Date } = {},
): Promise<void> {
  await enqueueDeliveries(tx, [{ kind, payload, ...options } as QueuedDelivery]);
}
