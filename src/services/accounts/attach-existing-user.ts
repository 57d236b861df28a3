import { inTransaction } from "../../db/transaction.ts";
import { parisDay } from "../../domain/dates.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import type { AccountSummary } from "./account-summary.ts";
import { loadAttachTargets } from "./attachment-grants.ts";
import {
  type AttachmentGrantInput,
  type AttachStructure,
  checkAttachmentGrant,
  grantManagerAttachment,
  loadAttachableAccount,
  loadManagedStructure,
} from "./manager-attachment.ts";

export interface AttachExistingUserInput extends AttachmentGrantInput {
  structureId: string;
  userId: string;
}

/**
 * "Rattacher" an existing Chorus Pro account to a structure the actor manages, validated at once
 * with the chosen role, start date and scope; the user is e-mailed. One transaction.
 */
export async function attachExistingUser(
  ctx: ServiceContext,
  actor: Actor,
  input: AttachExistingUserInput,
): Promise<{ structure: AttachStructure; account: AccountSummary }> {
  const { messages } = ctx;
  const attached = await inTransaction(ctx.prisma, async (tx) => {
    const structure = await loadManagedStructure(tx, messages, actor, { id: input.structureId });
    const account = await loadAttachableAccount(tx, messages, input.userId);
    const targets = await loadAttachTargets(tx, structure.id, account.id);
    if (targets.alreadyAttached.wholeStructure) {
      throw new AppError("conflict", messages.errors.alreadyAttachedWhole);
    }
    const at = ctx.now();
    const checked = checkAttachmentGrant(messages, input, targets, parisDay(at));
    if ("errors" in checked)
      throw new AppError("invalid_input", messages.errors.invalidInput, checked.errors);
    await grantManagerAttachment(tx, ctx, { structure, account, grant: checked.grant, targets, actor, at });
    const { contactEmail: _contactEmail, ...summary } = account;
    return { structure, account: summary };
  });
  ctx.outboxWritten();
  ctx.logger.info(
    { actorId: actor.accountId, structureId: attached.structure.id, userId: attached.account.id },
    "user attached by a manager",
  );
  return attached;
}
