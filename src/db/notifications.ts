import pg from "pg";

/** What a notification session reports to its owner. */
export interface NotificationHandlers {
  /**
   * The session listens (again, after a loss), and the owner reads what was sent before now, which
   * was not heard; a failure here is a loss of the session too (it tries again).
   */
  catchUp(): Promise<void>;
  /** The session listens and the owner has caught up: from now on, nothing sent is missed. */
  onListening(): void;
  onNotification(payload: string): void;
  /** The session is lost: nothing is heard until `onListening` (reported once per loss, not per retry). */
  onLost(error: unknown): void;
}

export interface NotificationSession {
  close(): Promise<void>;
}

/** How long a lost session waits before connecting again. */
const RECONNECT_MS = 1000;

/**
 * LISTENs to a PostgreSQL channel on a connection of its own (a pooled one would lose its LISTEN when
 * it goes back to the pool), and listens again after a loss (a restarted server, a cut connection) for
 * as long as it is open. `channel` is the app's own constant identifier, never input.
 */
export function listenForNotifications(
  config: pg.ClientConfig,
  channel: string,
  handlers: NotificationHandlers,
): NotificationSession {
  let closed = false;
  let session: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  // Every retry of a server that stays down would otherwise report the same loss again.
  let lossReported = false;

  function connect(): void {
    retry = null;
    const client = new pg.Client({ ...config, application_name: `chorus:${channel}` });
    session = client;
    let lost = false;
    const lose = (error: unknown) => {
      if (lost || closed) return;
      lost = true;
      session = null;
      client.end().catch(() => {});
      if (!lossReported) handlers.onLost(error);
      lossReported = true;
      retry = setTimeout(connect, RECONNECT_MS);
    };
    client.on("error", lose);
    client.on("end", () => lose(new Error(`the session listening to ${channel} ended`)));
    client.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined)
        handlers.onNotification(message.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN "${channel}"`))
      .then(() => handlers.catchUp())
      .then(() => {
        if (lost || closed) return;
        lossReported = false;
        handlers.onListening();
      })
      .catch(lose);
  }

  connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await session?.end().catch(() => {});
      session = null;
    },
  };
}
