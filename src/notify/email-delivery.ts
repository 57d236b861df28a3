import nodemailer from "nodemailer";
import type { EmailPayload } from "./outbox.ts";
import { DeliveryError } from "./outbox-worker.ts";

export interface EmailSender {
  send(outboxId: string, email: EmailPayload): Promise<void>;
  close(): void;
}

/**
 * Sends the outbox's e-mails over SMTP. The Message-ID derives from the outbox row: it is the
 * e-mail's idempotency key. In the rare case of a crash (or a lost lease) between the SMTP server's
 * acceptance and the row being marked delivered, the resent copy carries the same Message-ID, and
 * mail stores and clients, which deduplicate on it, show one message.
 */
export function createEmailSender(options: { smtpUrl: string; from: string }): EmailSender {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(outboxId, email) {
      try {
        await transport.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: `<${outboxId}@chorus-manager-bot>`,
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
