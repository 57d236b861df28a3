import type { AddressInfo } from "node:net";
import { type AddressObject, type Headers, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/**
 * An SMTP server on 127.0.0.1 that accepts every message (no auth, no TLS) and keeps it parsed, for tests of
 * the app's email notifications. `stop()`/`start()` simulate an outage and a recovery on the same port.
 */

export interface SinkAttachment {
  filename: string | undefined;
  contentType: string;
  content: Buffer;
}

export interface SinkMessage {
  /** Envelope sender (MAIL FROM), a bare address. */
  from: string;
  /** Envelope recipients (RCPT TO), bare addresses; includes Bcc recipients. */
  to: string[];
  /** The From header as written, e.g. `"Chorus Bot" <bot@example.test>`. */
  fromHeader: string;
  /** The To header addresses (bare). */
  toHeader: string[];
  /** The Cc header addresses (bare). */
  cc: string[];
  subject: string;
  text: string;
  /** The HTML part, "" when the message has none. */
  html: string;
  /** All headers, lower-case keys (mailparser's Map). */
  headers: Headers;
  attachments: SinkAttachment[];
  receivedAt: number;
}

export interface SmtpSink {
  /** "smtp://127.0.0.1:<port>" (give it to nodemailer.createTransport). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly messages: SinkMessage[];
  /** Number of messages the sink failed to parse (the SMTP client got a 451 for them). */
  readonly parseErrors: Error[];
  /** True while the sink accepts connections. */
  readonly running: boolean;
  /** Resolves with the messages once at least `count` have arrived; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /**
   * Answers the next `count` messages' data with `responseCode` (e.g. 550: refused for good, 451:
   * try later) instead of accepting them.
   */
  refuseNext(responseCode: number, count?: number): void;
  /** Forgets the received messages and parse errors, and the refusals not yet made. */
  reset(): void;
  /** Stops listening (connections are then refused) and drops open connections. */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((object) =>
    object.value.flatMap((entry) => [
      ...(entry.address !== undefined && entry.address !== "" ? [entry.address] : []),
      ...(entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])),
    ]),
  );
}

class SmtpSinkServer implements SmtpSink {
  readonly host = "127.0.0.1";
  readonly messages: SinkMessage[] = [];
  readonly parseErrors: Error[] = [];
  port = 0;
  private server: SMTPServer | undefined;
  private refusals: number[] = [];

  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  private createServer(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        const refusal = this.refusals.shift();
        if (refusal !== undefined) {
          stream.resume();
          stream.on("end", () =>
            callback(
              Object.assign(new Error(`smtp sink refused the message (${refusal})`), {
                responseCode: refusal,
              }),
            ),
          );
          return;
        }
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => {
            const err = error instanceof Error ? error : new Error(String(error));
            this.parseErrors.push(err);
            callback(
              Object.assign(new Error(`smtp sink could not parse the message: ${err.message}`), {
                responseCode: 451,
              }),
            );
          },
        );
      },
    });
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    const mailFrom = session.envelope.mailFrom;
    this.messages.push({
      from: mailFrom === false ? "" : mailFrom.address,
      to: session.envelope.rcptTo.map((recipient) => recipient.address),
      fromHeader: parsed.from?.text ?? "",
      toHeader: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? "",
      text: parsed.text ?? "",
      html: typeof parsed.html === "string" ? parsed.html : "",
      headers: parsed.headers,
      attachments: parsed.attachments.map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: attachment.content,
      })),
      receivedAt: Date.now(),
    });
  }

  async start(): Promise<void> {
    if (this.server !== undefined) {
      return;
    }
    const server = this.createServer();
    server.on("error", () => {
      // Client-side socket errors (e.g. a client dropped mid-session) must not crash the test process.
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once("error", onError);
      server.listen(this.port, this.host, () => {
        server.server.off("error", onError);
        resolve();
      });
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) {
      return;
    }
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Drop sessions still open (a pooled client, or one waiting in a command) right away.
      for (const connection of server.connections) {
        connection.close();
      }
    });
  }

  close(): Promise<void> {
    return this.stop();
  }

  async waitForMessages(count: number, timeoutMs = 5000): Promise<SinkMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() >= deadline) {
        const subjects = this.messages.map((message) => JSON.stringify(message.subject)).join(", ");
        throw new Error(
          `smtp sink: expected ${count} message(s) within ${timeoutMs} ms, got ${this.messages.length}${
            subjects ? ` (subjects: ${subjects})` : ""
          }`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.messages;
  }

  refuseNext(responseCode: number, count = 1): void {
    for (let i = 0; i < count; i++) this.refusals.push(responseCode);
  }

  reset(): void {
    this.messages.length = 0;
    this.parseErrors.length = 0;
    this.refusals.length = 0;
  }
}

/** Starts an SMTP sink on 127.0.0.1 (random port). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = new SmtpSinkServer();
  await sink.start();
  return sink;
}
