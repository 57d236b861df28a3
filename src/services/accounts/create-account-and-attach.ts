import { z } from "zod";
import { isUniqueViolation } from "../../db/errors.ts";
import { inTransaction } from "../../db/transaction.ts";
import { parisDay } from "../../domain/dates.ts";
import { nameKeys } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Messages } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { loadAttachTargets } from "./attachment-grants.ts";
import { normalizeEmail } from "./create-user.ts";
import {
  type AttachmentGrantInput,
  type AttachStructure,
  checkAttachmentGrant,
  grantManagerAttachment,
  loadManagedStructure,
} from "./manager-attachment.ts";
import { queueActivationEmail } from "./send-activation-emails.ts";

const emailSchema = z.email().max(254);
const MAX_NAME_LENGTH = 100;

export interface CreateAccountAndAttachInput extends AttachmentGrantInput {
  structureId: string;
  lastName: string;
  firstName: string;
  loginEmail: string;
  contactEmail: string | null;
}

interface NewPerson {
  lastName: string;
  firstName: string;
  loginEmail: string;
  contactEmail: string | null;
}

/** The person's fields as typed: names required, e-mails well formed (the contact one optional). */
function checkPerson(
  messages: Messages,
  input: CreateAccountAndAttachInput,
): { person: NewPerson; errors: FieldError[] } {
  const labels = messages.attachUser;
  const errors: FieldError[] = [];
  const person = {
    lastName: input.lastName.trim(),
    firstName: input.firstName.trim(),
    loginEmail: normalizeEmail(input.loginEmail),
    contactEmail: input.contactEmail?.trim() ? normalizeEmail(input.contactEmail) : null,
  };
  for (const field of ["lastName", "firstName"] as const) {
    if (!person[field]) errors.push({ field, message: labels.nameRequired });
    else if (person[field].length > MAX_NAME_LENGTH) {
      errors.push({ field, message: messages.errors.textTooLong(MAX_NAME_LENGTH) });
    }
  }
  if (!emailSchema.safeParse(person.loginEmail).success) {
    errors.push({ field: "loginEmail", message: labels.loginEmailInvalid });
  }
  if (person.contactEmail && !emailSchema.safeParse(person.contactEmail).success) {
    errors.push({ field: "contactEmail", message: labels.contactEmailInvalid });
  }
  return { person, errors };
}

function loginUsedError(messages: Messages, loginEmail: string): AppError {
  const message = messages.errors.userExists(loginEmail);
  return new AppError("invalid_input", messages.errors.invalidInput, [{ field: "loginEmail", message }]);
}

/**
 * "Créer le compte utilisateur", offered after any search: the account is created "En cours
 * d'activation", attached at once with the chosen role, start date and scope, and sent its activation
 * link, all in one transaction; any bad field leaves nothing created.
 */
export async function createAccountAndAttach(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateAccountAndAttachInput,
): Promise<{ structure: AttachStructure; account: AccountSummary; activationSentTo: string }> {
  const { messages } = ctx;
  const { person, errors } = checkPerson(messages, input);
  try {
    const created = await inTransaction(ctx.prisma, async (tx) => {
      const structure = await loadManagedStructure(tx, messages, actor, { id: input.structureId });
      const targets = await loadAttachTargets(tx, structure.id, null);
      const at = ctx.now();
      const checked = checkAttachmentGrant(messages, input, targets, parisDay(at));
      const taken = await tx.userAccount.findUnique({
        where: { loginEmail: person.loginEmail },
        select: { id: true },
      });
      const fieldErrors = [
        ...errors,
        ...(taken ? loginUsedError(messages, person.loginEmail).details : []),
        ...("errors" in checked ? checked.errors : []),
      ];
      if (fieldErrors.length > 0 || "errors" in checked) {
        throw new AppError("invalid_input", messages.errors.invalidInput, fieldErrors);
      }
      const account = await tx.userAccount.create({
        data: { ...person, ...nameKeys(person), status: "PENDING_ACTIVATION" },
        select: { ...ACCOUNT_SUMMARY_SELECT, contactEmail: true },
      });
      await appendHistory(tx, {
        structureId: structure.id,
        action: "USER_CREATED",
        actorId: actor.accountId,
        actorSlackUserId: actor.slackUserId,
        targetUserId: account.id,
        details: { loginEmail: account.loginEmail, contactEmail: account.contactEmail },
        createdAt: at,
      });
      await grantManagerAttachment(tx, ctx, { structure, account, grant: checked.grant, targets, actor, at });
      await queueActivationEmail(tx, { account, structureIds: [structure.id], actor, at });
      const { contactEmail, ...summary } = account;
      return { structure, account: summary, activationSentTo: contactEmail ?? account.loginEmail };
    });
    ctx.outboxWritten();
    ctx.logger.info(
      { actorId: actor.accountId, structureId: created.structure.id, userId: created.account.id },
      "account created and attached by a manager",
    );
    return created;
  } catch (error) {
    // Two managers creating the same login at once: the second one is told, as if it had existed.
    if (isUniqueViolation(error)) throw loginUsedError(messages, person.loginEmail);
    throw error;
  }
}
