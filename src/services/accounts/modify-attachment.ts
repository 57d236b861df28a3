import { inTransaction, type Tx } from "../../db/transaction.ts";
import { checkGrantedScope, type GrantedScope, scopeKeyOf } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { MAX_DECISION_TEXT, type ServiceRef } from "../../domain/requests.ts";
import { type GrantableRole, isGrantableRole, isManagerRole, strongestRole } from "../../domain/roles.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { Role } from "../../generated/prisma/enums.ts";
import { type Messages, servicesLabel } from "../../i18n/index.ts";
import { attachmentChangedEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { enqueueHomeRefresh } from "../requests/home-refresh.ts";
import { isUuid } from "../requests/request-details.ts";
import { scopeError } from "../requests/validate-attachment-request.ts";
import { lockStructures } from "../row-locks.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { ACCOUNT_SUMMARY_SELECT, type AccountSummary } from "./account-summary.ts";
import { grantAttachments } from "./attachment-grants.ts";
import { type AttachStructure, loadManagedStructure, structureName } from "./manager-attachment.ts";
import { alignAndRecordSubscriptions } from "./role-subscriptions.ts";

/** A user's attachment on a structure, as "Modifier le rattachement" shows and changes it. */
export interface HeldAttachment {
  role: Role;
  wholeStructure: boolean;
  services: ServiceRef[];
}

/** What the "Modifier le rattachement" form starts from. */
export interface AttachmentToModify {
  structure: AttachStructure;
  account: AccountSummary;
  current: HeldAttachment;
  activeServices: ServiceRef[];
}

/**
 * The user's validated attachment on a structure the actor manages, if a manager may change it: never
 * the principal manager's (only a handover changes it), never a technical user's (a simple user of
 * the whole structure by definition).
 */
async function loadModifiable(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  target: { structureId: string; userId: string },
): Promise<AttachmentToModify> {
  const structure = await loadManagedStructure(tx, messages, actor, { id: target.structureId });
  const account = isUuid(target.userId)
    ? await tx.userAccount.findUnique({
        where: { id: target.userId },
        select: {
          ...ACCOUNT_SUMMARY_SELECT,
          technical: true,
          attachments: {
            where: { structureId: structure.id, status: "VALIDATED" },
            select: { role: true, service: { select: { id: true, code: true, label: true } } },
          },
        },
      })
    : null;
  if (!account) throw new AppError("not_found", messages.userSearch.userNotFound);
  const { attachments, technical, ...summary } = account;
  const role = strongestRole(attachments.map((attachment) => attachment.role));
  if (!role) throw new AppError("conflict", messages.errors.userNotAttached(account.loginEmail));
  if (role === "PRINCIPAL_MANAGER") throw new AppError("conflict", messages.modifyAttachment.principal);
  if (technical) throw new AppError("conflict", messages.modifyAttachment.technical);
  const activeServices = await tx.service.findMany({
    where: { structureId: structure.id, active: true },
    select: { id: true, code: true, label: true },
    orderBy: { code: "asc" },
  });
  const services = attachments.flatMap((attachment) => (attachment.service ? [attachment.service] : []));
  return {
    structure,
    account: summary,
    current: { role, wholeStructure: attachments.some((attachment) => !attachment.service), services },
    activeServices,
  };
}

/** "Modifier le rattachement" from the user search: what the form shows, checked first. */
export function prepareModifyAttachment(
  ctx: ServiceContext,
  actor: Actor,
  target: { structureId: string; userId: string },
): Promise<AttachmentToModify> {
  return inTransaction(ctx.prisma, (tx) => loadModifiable(tx, ctx.messages, actor, target));
}

export interface ModifyAttachmentInput {
  structureId: string;
  userId: string;
  /** "SIMPLE_USER" or "SECONDARY_MANAGER". */
  role: string | null;
  wholeStructure: boolean;
  serviceIds: string[];
  comment: string | null;
}

/** The role, scope and comment as typed, checked against the structure; every field error at once. */
function checkChange(
  messages: Messages,
  input: ModifyAttachmentInput,
  activeServices: readonly ServiceRef[],
): { role: GrantableRole; scope: GrantedScope } {
  const errors: FieldError[] = [];
  const role = input.role && isGrantableRole(input.role) ? input.role : null;
  if (!role) errors.push({ field: "role", message: messages.errors.roleInvalid });
  if (input.comment && input.comment.length > MAX_DECISION_TEXT)
    errors.push({ field: "comment", message: messages.errors.textTooLong(MAX_DECISION_TEXT) });
  let scope: GrantedScope = { wholeStructure: true };
  if (activeServices.length > 0) {
    const checked = checkGrantedScope({
      wholeStructure: input.wholeStructure,
      serviceIds: input.serviceIds,
      activeServiceIds: new Set(activeServices.map((service) => service.id)),
      alreadyAttachedServiceIds: new Set(),
    });
    if ("problem" in checked) errors.push(scopeError(messages, checked.problem));
    else scope = checked.scope;
  }
  if (!role || errors.length > 0) throw new AppError("invalid_input", messages.errors.invalidInput, errors);
  return { role, scope };
}

function scopeKeys(scope: { wholeStructure: boolean; serviceIds: readonly string[] }): Set<string> {
  return new Set(scope.wholeStructure ? [scopeKeyOf(null)] : scope.serviceIds.map(scopeKeyOf));
}

/**
 * "Modifier le rattachement": a manager changes a user's role (simple user or secondary manager) and
 * scope (the whole structure or some services) on one of their structures, never the principal's. The
 * scopes left are deleted with their subscriptions, the new ones granted (effective today), the role
 * applies to all and the default spaces follow it (domain/role-spaces.ts); history "Modification du
 * rattachement" with before and after, the user's e-mail, the Home tabs. One transaction; nothing is
 * written when nothing changes.
 */
export async function modifyAttachment(
  ctx: ServiceContext,
  actor: Actor,
  input: ModifyAttachmentInput,
): Promise<{ structure: AttachStructure; account: AccountSummary; changed: boolean }> {
  const { messages } = ctx;
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    await lockStructures(tx, [input.structureId].filter(isUuid));
    const { structure, account, current, activeServices } = await loadModifiable(tx, messages, actor, input);
    const { role, scope } = checkChange(messages, input, activeServices);
    const before = {
      role: current.role,
      wholeStructure: current.wholeStructure,
      serviceIds: current.services.map((service) => service.id).sort(),
    };
    const after = {
      role,
      wholeStructure: scope.wholeStructure,
      serviceIds: scope.wholeStructure ? [] : [...scope.serviceIds].sort(),
    };
    if (JSON.stringify(before) === JSON.stringify(after)) return { structure, account, changed: false };

    const [held, wanted] = [scopeKeys(before), scopeKeys(after)];
    const left = [...held].filter((key) => !wanted.has(key));
    const where = { userId: account.id, structureId: structure.id, scopeKey: { in: left } };
    await tx.attachment.updateMany({ where: { ...where, status: "VALIDATED" }, data: { status: "DELETED" } });
    await tx.subscription.updateMany({
      where: { ...where, status: "ACTIVE" },
      data: { status: "DEACTIVATED" },
    });
    const today = parisDay(at);
    await grantAttachments(
      tx,
      [
        {
          userId: account.id,
          structureId: structure.id,
          role,
          startDate: today,
          serviceIds: scope.wholeStructure ? null : scope.serviceIds,
        },
      ],
      today,
    );
    const by = { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, at };
    await appendHistory(tx, {
      structureId: structure.id,
      action: "ATTACHMENT_UPDATED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: account.id,
      comment: input.comment,
      details: { from: before, to: after },
      createdAt: at,
    });
    await alignAndRecordSubscriptions(
      tx,
      [
        {
          userId: account.id,
          structureId: structure.id,
          serviceIds: scope.wholeStructure ? null : scope.serviceIds,
        },
      ],
      by,
    );
    const granted = activeServices.filter((service) => after.serviceIds.includes(service.id));
    const contact = await tx.userAccount.findUniqueOrThrow({
      where: { id: account.id },
      select: { contactEmail: true },
    });
    await enqueueDelivery(
      tx,
      "EMAIL",
      attachmentChangedEmail(messages, {
        account: { ...account, contactEmail: contact.contactEmail },
        structure: structureName(structure),
        role: messages.roles[role],
        scope: servicesLabel(messages, granted),
        comment: input.comment,
      }),
    );
    await enqueueHomeRefresh(tx, [structure.id]);
    // Becoming or ceasing to be a manager changes the user's own Home tab.
    if (isManagerRole(before.role) !== isManagerRole(role))
      await enqueueDelivery(tx, "SLACK_PUBLISH_HOME", { accountId: account.id });
    return { structure, account, changed: true };
  });
  if (done.changed) ctx.outboxWritten();
  ctx.logger.info(
    {
      structureId: done.structure.id,
      userId: done.account.id,
      actorId: actor.accountId,
      changed: done.changed,
    },
    "attachment modified",
  );
  return done;
}
