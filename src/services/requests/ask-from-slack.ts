import { inTransaction, type Tx } from "../../db/transaction.ts";
import { isSpaceAllowed } from "../../domain/role-spaces.ts";
import { nameKeys, searchKey } from "../../domain/search-key.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { AccessLevel, Space } from "../../generated/prisma/enums.ts";
import { Space as Spaces } from "../../generated/prisma/enums.ts";
import { loadHeldRoles } from "../accounts/role-subscriptions.ts";
import { queueActivationEmail } from "../accounts/send-activation-emails.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { SlackRequester } from "../slack-workspace/slack-identities.ts";
import { duplicateRequestError, fileAttachmentRequest } from "./create-attachment-request.ts";
import { createSubscriptionRequest } from "./create-subscription-request.ts";

/** Structures offered per search (Slack shows at most 100 options). */
const MAX_STRUCTURE_OPTIONS = 50;
export const MAX_NAME = 100;
export const MAX_REQUEST_COMMENT = 1000;

/** A structure one may ask to join, with the services one may ask for. */
export interface JoinableStructure {
  id: string;
  identifier: string;
  designation: string;
  services: { code: string; label: string }[];
}

/** What the « Demander un rattachement » modal needs: the structure, if chosen, and whether names are asked. */
export interface JoinForm {
  structure: JoinableStructure | null;
  /** No account has the requester's e-mail: their names are asked, an account is created. */
  newAccount: boolean;
  email: string;
}

/** The active structure with that identifier, with the services one may ask for. */
export async function loadJoinableStructure(
  ctx: ServiceContext,
  identifier: string,
): Promise<JoinableStructure> {
  const structure = await ctx.prisma.structure.findUnique({
    where: { identifier: identifier.trim() },
    select: {
      id: true,
      identifier: true,
      designation: true,
      status: true,
      services: { where: { active: true }, select: { code: true, label: true }, orderBy: { code: "asc" } },
    },
  });
  if (!structure) throw new AppError("not_found", ctx.messages.errors.structureNotFound(identifier));
  if (structure.status !== "ACTIVE")
    throw new AppError("conflict", ctx.messages.errors.structureInactive(structure.identifier));
  const { status: _status, ...joinable } = structure;
  return joinable;
}

/** `/chorus rejoindre [identifiant]`: the form, with the structure when one is named. */
export async function loadJoinForm(
  ctx: ServiceContext,
  requester: SlackRequester,
  identifier: string | null,
): Promise<JoinForm> {
  return {
    structure: identifier ? await loadJoinableStructure(ctx, identifier) : null,
    newAccount: requester.account === null,
    email: requester.email,
  };
}

/** The structures a search typed in the form finds: the identifier's start, or part of the designation. */
export async function searchJoinableStructures(
  ctx: ServiceContext,
  query: string,
): Promise<{ identifier: string; designation: string }[]> {
  const typed = query.trim();
  if (!typed) return [];
  return ctx.prisma.structure.findMany({
    where: {
      status: "ACTIVE",
      OR: [
        { identifier: { startsWith: typed.replace(/\s/g, "") } },
        { designationKey: { contains: searchKey(typed) } },
      ],
    },
    select: { identifier: true, designation: true },
    orderBy: [{ designation: "asc" }, { identifier: "asc" }],
    take: MAX_STRUCTURE_OPTIONS,
  });
}

export interface AskToJoinInput {
  structureIdentifier: string;
  /** Empty: the whole structure. */
  serviceCodes: string[];
  comment: string | null;
  /** Asked when no account has the requester's e-mail. */
  names: { firstName: string; lastName: string } | null;
}

function checkNames(
  ctx: ServiceContext,
  names: AskToJoinInput["names"],
): { firstName: string; lastName: string } {
  const labels = ctx.messages.askFromSlack;
  const errors: FieldError[] = [];
  const firstName = names?.firstName.trim() ?? "";
  const lastName = names?.lastName.trim() ?? "";
  if (!lastName) errors.push({ field: "lastName", message: labels.nameRequired });
  else if (lastName.length > MAX_NAME)
    errors.push({ field: "lastName", message: ctx.messages.errors.textTooLong(MAX_NAME) });
  if (!firstName) errors.push({ field: "firstName", message: labels.nameRequired });
  else if (firstName.length > MAX_NAME)
    errors.push({ field: "firstName", message: ctx.messages.errors.textTooLong(MAX_NAME) });
  if (errors.length > 0) throw new AppError("invalid_input", ctx.messages.errors.invalidInput, errors);
  return { firstName, lastName };
}

function checkComment(ctx: ServiceContext, comment: string | null): string | null {
  const text = comment?.trim() || null;
  if (text && text.length > MAX_REQUEST_COMMENT) {
    const message = ctx.messages.errors.textTooLong(MAX_REQUEST_COMMENT);
    throw new AppError("invalid_input", message, [{ field: "comment", message }]);
  }
  return text;
}

/**
 * « Demander un rattachement » from Slack: exactly the request the API files (same rules, same
 * message to the managers, same history), for the account of the Slack user's e-mail. Someone with
 * no account gives their names: an account "en cours d'activation" is created with that login e-mail
 * and its activation e-mail sent, in the same transaction as the request.
 */
export async function askToJoin(
  ctx: ServiceContext,
  requester: SlackRequester,
  input: AskToJoinInput,
  options: {
    /** More writes in the request's transaction (the Workflow Builder step that waits for its decision). */
    alsoInTransaction?: (tx: Tx, requestId: string) => Promise<void>;
  } = {},
): Promise<{
  requestId: string;
  accountCreated: boolean;
  structure: { identifier: string; designation: string };
}> {
  const comment = checkComment(ctx, input.comment);
  const names = requester.account ? null : checkNames(ctx, input.names);
  const at = ctx.now();
  let pendingKey: string | undefined;
  try {
    const done = await inTransaction(ctx.prisma, async (tx) => {
      const account = names
        ? await tx.userAccount.create({
            data: { loginEmail: requester.email, ...names, ...nameKeys(names), status: "PENDING_ACTIVATION" },
          })
        : null;
      const { request, structure } = await fileAttachmentRequest(
        tx,
        ctx,
        {
          structureIdentifier: input.structureIdentifier,
          userLoginEmail: requester.email,
          serviceCodes: input.serviceCodes,
          comment,
        },
        (key) => {
          pendingKey = key;
        },
      );
      if (account) {
        const self = {
          accountId: account.id,
          name: `${account.firstName} ${account.lastName}`,
          slackUserId: requester.slackUserId,
          teamId: requester.teamId,
        };
        await appendHistory(tx, {
          structureId: request.structureId,
          action: "USER_CREATED",
          actorId: account.id,
          actorSlackUserId: requester.slackUserId,
          targetUserId: account.id,
          details: { origin: "slack" },
          createdAt: at,
        });
        await queueActivationEmail(tx, { account, structureIds: [request.structureId], actor: self, at });
      }
      await options.alsoInTransaction?.(tx, request.id);
      return { requestId: request.id, accountCreated: account !== null, structure };
    });
    ctx.outboxWritten();
    ctx.logger.info(
      { requestId: done.requestId, accountCreated: done.accountCreated },
      "attachment request asked from Slack",
    );
    return done;
  } catch (error) {
    throw await duplicateRequestError(ctx, error, pendingKey);
  }
}

/** What the « Demander un abonnement » modal offers: the structure's active services and the spaces the role opens. */
export interface SubscriptionForm {
  structure: { id: string; identifier: string; designation: string };
  services: { code: string; label: string }[];
  spaces: Space[];
}

/** `/chorus abonner <identifiant>`: for a user attached to the structure only. */
export async function loadSubscriptionForm(
  ctx: ServiceContext,
  requester: SlackRequester,
  identifier: string,
): Promise<SubscriptionForm> {
  const structure = await loadJoinableStructure(ctx, identifier);
  const account = requester.account;
  const role = account
    ? (await loadHeldRoles(ctx.prisma, [{ userId: account.id, structureId: structure.id }]))({
        userId: account.id,
        structureId: structure.id,
      })
    : null;
  if (!role) throw new AppError("conflict", ctx.messages.errors.userNotAttached(requester.email));
  return {
    structure: { id: structure.id, identifier: structure.identifier, designation: structure.designation },
    services: structure.services,
    spaces: Object.values(Spaces).filter((space) => isSpaceAllowed(role, space)),
  };
}

/** « Demander un abonnement » from Slack: exactly the request the API files, for the Slack user's account. */
export async function askForSpaces(
  ctx: ServiceContext,
  requester: SlackRequester,
  input: {
    structureIdentifier: string;
    spaces: Space[];
    serviceCode: string | null;
    access: AccessLevel;
    comment: string | null;
  },
): Promise<{ requestId: string }> {
  if (!requester.account)
    throw new AppError("conflict", ctx.messages.errors.userNotAttached(requester.email));
  if (input.spaces.length === 0) {
    const message = ctx.messages.askFromSlack.spacesRequired;
    throw new AppError("invalid_input", message, [{ field: "spaces", message }]);
  }
  const request = await createSubscriptionRequest(ctx, {
    structureIdentifier: input.structureIdentifier,
    userLoginEmail: requester.email,
    spaces: input.spaces.map((space) => ({
      space,
      access: input.access,
      ...(input.serviceCode ? { serviceCode: input.serviceCode } : {}),
    })),
    comment: checkComment(ctx, input.comment),
  });
  return { requestId: request.id };
}
