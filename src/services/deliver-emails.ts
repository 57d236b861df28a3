import type { EmailItem } from "../notify/deliver.ts";
import type { EmailSender } from "../notify/email-delivery.ts";
import { renderActivationEmail } from "./accounts/send-activation-emails.ts";
import type { ServiceContext } from "./context.ts";

/**
 * Sends the outbox's e-mails over SMTP; an activation e-mail is rendered now, with a link made now:
 * the outbox row holds no secret.
 */
export function createEmailDeliveries(ctx: ServiceContext, sender: EmailSender) {
  return async (item: EmailItem): Promise<void> => {
    if (item.kind === "EMAIL") return sender.send(item.id, item.payload);
    const email = await renderActivationEmail(ctx, item.payload.activationTokenId);
    if (!email) {
      ctx.logger.info(
        { outboxId: item.id, activationTokenId: item.payload.activationTokenId },
        "activation link revoked, used or no longer pending: its e-mail is not sent",
      );
      return;
    }
    await sender.send(item.id, email);
  };
}
