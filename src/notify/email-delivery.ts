import nodemailer from "nodemailer";
import type { EmailPayload } from "./outbox.ts";
import { DeliveryError } from "./outbox-worker.ts";

export interface EmailSender {
  send(outboxId: string, email: EmailPayload): Promise<void>;
  close(): void;
}

/** The domain of the sender's address, so that Message-IDs are the sender's own (`<id@domain>`). */
export function messageIdDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf("@") + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : "chorus-manager-bot.invalid";
}

/**
 * The headers of a transactional message, written to one person about their own account or request:
 * automatic (RFC 3834), so that out-of-office and other auto-replies stay quiet, and never List-* nor
 * Precedence: bulk, which would file it as a mailing list's.
 */
function transactionalHeaders(email: EmailPayload): Record<string, string> {
  return {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
    ...(email.language ? { "Content-Language": email.language } : {}),
  };
}

/**
 * Sends the outbox's e-mails over SMTP, as plain text and HTML. The Message-ID derives from the outbox
 * row: it is the e-mail's idempotency key. In the rare case of a crash (or a lost lease) between the
 * SMTP server's acceptance and the row being marked delivered, the resent copy carries the same
 * Message-ID, and mail stores and clients, which deduplicate on it, show one message.
 */
export function createEmailSender(options: { smtpUrl: string; from: string }): EmailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const domain = messageIdDomain(options.from);
  return {
    async send(outboxId, email) {
      try {
        await transport.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: `<${outboxId}@${domain}>`,
          headers: transactionalHeaders(email),
        });
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode;
        // 5xx: the server refused this message for good (unknown mailbox…); anything else is transient.
        const permanent = typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
        throw new DeliveryError(`SMTP: ${(error as Error).message}`, { permanent, cause: error });
      }
    },
    close() {
      transport.close();
    },
  };
}
