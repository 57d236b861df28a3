// What attaching an existing account and creating one (/chorus rattacher) share.
import type { Tx } from "../../db/transaction.ts";
import { checkGrantedScope, type GrantedScope } from "../../domain/attachment-scope.ts";
import { parisDay } from "../../domain/dates.ts";
import { MAX_DECISION_TEXT } from "../../domain/requests.ts";
import { type GrantableRole, isGrantableRole } from "../../domain/roles.ts";
import { checkStartDate, isoDay } from "../../domain/start-date.ts";
import { AppError, type FieldError } from "../../errors.ts";
import { formatDate, type Messages, servicesLabel } from "../../i18n/index.ts";
import { managerAttachmentEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import { enqueueHomeRefresh } from "../requests/home-refresh.ts";
import { claimPendingRequest, recordDecision } from "../requests/request-decision.ts";
import { findAttachmentRequestDetails, isUuid } from "../requests/request-details.ts";
import { recordGrantedScopes, scopeError } from "../requests/validate-attachment-request.ts";
import type { Actor } from "../slack-workspace/slack-identities.ts";
import { assertManagerOf } from "../structures/manager-access.ts";
import { ACCOUNT_SUMMARY_SELECT } from "./account-summary.ts";
import { type AttachTargets, grantAttachments } from "./attachment-grants.ts";
import { alignAndRecordSubscriptions } from "./role-subscriptions.ts";

export interface AttachStructure {
  id: string;
  identifier: string;
  designation: string;
}

/** "Désignation (identifiant)", as messages name a structure. */
export function structureName(structure: AttachStructure): string {
  return `${structure.designation} (${structure.identifier})`;
}

/**
 * The structure a manager attaches someone to, by id (buttons, modals) or identifier (the command):
 * it must exist, be active, and the actor must be its principal or secondary manager.
 */
export async function loadManagedStructure(
  tx: Tx,
  messages: Messages,
  actor: Actor,
  target: { id: string } | { identifier: string },
): Promise<AttachStructure> {
  const where = "id" in target ? (isUuid(target.id) ? { id: target.id } : null) : target;
  const structure = where
    ? await tx.structure.findUnique({
        where,
        select: { id: true, identifier: true, designation: true, status: true, slackTeamId: true },
      })
    : null;
  if (!structure) {
    const message =
      "identifier" in target
        ? messages.errors.structureNotFound(target.identifier)
        : messages.attachUser.structureNotFound;
    throw new AppError("not_found", message);
  }
  await assertManagerOf(tx, messages, actor, structure);
  if (structure.status !== "ACTIVE") {
    throw new AppError("conflict", messages.errors.structureInactive(structure.identifier));
  }
  return { id: structure.id, identifier: structure.identifier, designation: structure.designation };
}

/** The attachment as typed in the modal (checked by checkAttachmentGrant). */
export interface AttachmentGrantInput {
  /** "SIMPLE_USER" or "SECONDARY_MANAGER". */
  role: string | null;
  /** "YYYY-MM-DD", from the datepicker. */
  startDate: string | null;
  wholeStructure: boolean;
  serviceIds: string[];
  comment: string | null;
}

export interface AttachmentGrant {
  role: GrantableRole;
  startDate: Date;
  scope: GrantedScope;
  comment: string | null;
}

/**
 * Checks the role, the start date (today in Paris or later), the comment and the scope against the
 * structure; returns the grant or every field error at once.
 */
export function checkAttachmentGrant(
  messages: Messages,
  input: AttachmentGrantInput,
  targets: AttachTargets,
  today: Date,
): { grant: AttachmentGrant } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const role = input.role && isGrantableRole(input.role) ? input.role : null;
  if (!role) errors.push({ field: "role", message: messages.errors.roleInvalid });
  const startDate = checkStartDate(input.startDate, today);
  if ("problem" in startDate) {
    const labels = messages.attachUser;
    const message = startDate.problem === "past" ? labels.startDatePast : labels.startDateRequired;
    errors.push({ field: "startDate", message });
  }
  if (input.comment && input.comment.length > MAX_DECISION_TEXT) {
    errors.push({ field: "comment", message: messages.errors.textTooLong(MAX_DECISION_TEXT) });
  }
  let scope: GrantedScope = { wholeStructure: true };
  if (targets.activeServices.length > 0) {
    const checked = checkGrantedScope({
      wholeStructure: input.wholeStructure,
      serviceIds: input.serviceIds,
      activeServiceIds: new Set(targets.activeServices.map((service) => service.id)),
      alreadyAttachedServiceIds: new Set(targets.alreadyAttached.services.map((service) => service.id)),
    });
    if ("problem" in checked) errors.push(scopeError(messages, checked.problem));
    else scope = checked.scope;
  }
  if (!role || "problem" in startDate || errors.length > 0) return { errors };
  return { grant: { role, startDate: startDate.day, scope, comment: input.comment } };
}

/** The account being attached, as the e-mail and the history name it. */
export interface AttachedAccount {
  id: string;
  loginEmail: string;
  contactEmail: string | null;
  firstName: string;
  lastName: string;
}

/**
 * Writes a manager-initiated attachment, validated at once, in the caller's transaction: the
 * attachments of the chosen scope (a former refused or deleted one on the same scope is revived), the
 * role applied to the user's other attachments there (never over the principal role), the history
 * entry, the default spaces of the role (domain/role-spaces.ts), the user's e-mail and the managers' Home refresh. A pending attachment request of that user
 * on the structure is closed as validated by this action (a conditional update: a manager deciding it
 * at the same moment makes this one fail with "déjà traitée").
 */
export async function grantManagerAttachment(
  tx: Tx,
  ctx: ServiceContext,
  input: {
    structure: AttachStructure;
    account: AttachedAccount;
    grant: AttachmentGrant;
    targets: AttachTargets;
    actor: Actor;
    at: Date;
  },
): Promise<void> {
  const { messages } = ctx;
  const { structure, account, grant, actor, at } = input;
  const userId = account.id;
  const structureId = structure.id;
  const { role, startDate } = grant;
  const serviceIds = grant.scope.wholeStructure ? [] : grant.scope.serviceIds;
  const today = parisDay(at);
  await grantAttachments(
    tx,
    [{ userId, structureId, role, startDate, serviceIds: grant.scope.wholeStructure ? null : serviceIds }],
    today,
  );
  const upcoming = startDate.getTime() > today.getTime();
  const details = {
    role,
    wholeStructure: grant.scope.wholeStructure,
    serviceIds,
    startDate: isoDay(startDate),
  };
  const pending = await tx.attachmentRequest.findUnique({
    where: { pendingKey: `${structureId}:${userId}` },
    select: { id: true },
  });
  const request = pending ? await findAttachmentRequestDetails(tx, pending.id) : null;
  if (request) {
    await claimPendingRequest(tx, messages, request, {
      actor,
      at,
      outcome: { status: "VALIDATED", decisionComment: grant.comment },
    });
    await recordGrantedScopes(tx, [{ requestId: request.id, role, scope: grant.scope }]);
    // The user gets the attachment e-mail below, not a second one about the request.
    await recordDecision(
      tx,
      messages,
      { request, actor, action: "ATTACHMENT_CREATED_BY_MANAGER", comment: grant.comment, details, at },
      { emailRequester: false },
    );
  } else {
    await appendHistory(tx, {
      structureId,
      action: "ATTACHMENT_CREATED_BY_MANAGER",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: userId,
      comment: grant.comment,
      details,
      createdAt: at,
    });
    await enqueueHomeRefresh(tx, [structureId]);
  }
  // An attachment "à venir" opens its spaces on its start date, with the attachment itself.
  const [spaces] = upcoming
    ? []
    : await alignAndRecordSubscriptions(
        tx,
        [{ userId, structureId, serviceIds: grant.scope.wholeStructure ? null : serviceIds }],
        { actorId: actor.accountId, actorSlackUserId: actor.slackUserId, at },
      );
  const granted = input.targets.activeServices.filter((service) => serviceIds.includes(service.id));
  await enqueueDelivery(
    tx,
    "EMAIL",
    managerAttachmentEmail(messages, {
      account,
      structure: structureName(structure),
      role: messages.roles[role],
      scope: servicesLabel(messages, granted),
      startDate: formatDate(messages, startDate),
      spaces: spaces?.opened ?? [],
      comment: grant.comment,
    }),
  );
}

/**
 * The account a manager picked to attach: it must exist, not be deactivated, and not be a technical
 * user (those are created for one structure by its principal manager).
 */
export async function loadAttachableAccount(tx: Tx, messages: Messages, userId: string) {
  const account = isUuid(userId)
    ? await tx.userAccount.findUnique({
        where: { id: userId },
        select: { ...ACCOUNT_SUMMARY_SELECT, contactEmail: true, technical: true },
      })
    : null;
  if (!account) throw new AppError("not_found", messages.attachUser.accountNotFound);
  if (account.status === "DEACTIVATED") {
    throw new AppError("conflict", messages.errors.userDeactivated(account.loginEmail));
  }
  if (account.technical) throw new AppError("conflict", messages.attachUser.technicalAccount);
  const { technical: _technical, ...attachable } = account;
  return attachable;
}
