import { type BeforeCommit, inTransaction, type Tx } from "../../db/transaction.ts";
import { isSpaceAllowed } from "../../domain/role-spaces.ts";
import { AppError, type FieldError } from "../../errors.ts";
import type { SubscriptionRequest } from "../../generated/prisma/client.ts";
import type { AccessLevel, RequestOrigin, Space } from "../../generated/prisma/enums.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import { loadHeldRoles } from "../accounts/role-subscriptions.ts";
import type { ServiceContext } from "../context.ts";
import { enqueueHomeRefresh } from "./home-refresh.ts";
import { loadRequestParties } from "./request-parties.ts";

export interface CreateSubscriptionRequestInput {
  structureIdentifier: string;
  userLoginEmail: string;
  /** Spaces asked for; no serviceCode: all services of the structure. */
  spaces: { space: Space; serviceCode?: string | undefined; access: AccessLevel }[];
  comment: string | null;
}

/**
 * Writes a subscription request and queues its showing in Slack, in the caller's transaction: the
 * one path of both the user's requests and the automatic ones.
 */
export async function insertSubscriptionRequest(
  tx: Tx,
  request: {
    structureId: string;
    userId: string;
    origin: RequestOrigin;
    comment: string | null;
    items: { space: Space; serviceId: string | null; access: AccessLevel }[];
    createdAt: Date;
  },
) {
  const created = await tx.subscriptionRequest.create({
    data: {
      structureId: request.structureId,
      userId: request.userId,
      origin: request.origin,
      comment: request.comment,
      createdAt: request.createdAt,
      items: {
        create: request.items.map((item) => ({
          space: item.space,
          serviceId: item.serviceId,
          requestedAccess: item.access,
        })),
      },
    },
  });
  await enqueueDelivery(tx, "SLACK_SHOW_REQUEST", { requestType: "subscription", requestId: created.id });
  await enqueueHomeRefresh(tx, [request.structureId]);
  return created;
}

/**
 * A user's "demande d'abonnement" to spaces of a structure they are attached to, for all its services
 * or one service each, in modification unless asked in consultation. `beforeCommit` ends its
 * transaction (the API's idempotent answer).
 */
export async function createSubscriptionRequest(
  ctx: ServiceContext,
  input: CreateSubscriptionRequestInput,
  beforeCommit?: BeforeCommit<SubscriptionRequest>,
) {
  const { messages } = ctx;
  const request = await inTransaction(ctx.prisma, async (tx) => {
    const { structure, user } = await loadRequestParties(tx, messages, input);
    const role = (await loadHeldRoles(tx, [{ userId: user.id, structureId: structure.id }]))({
      userId: user.id,
      structureId: structure.id,
    });
    if (role === null) {
      const message = messages.errors.userNotAttached(user.loginEmail);
      throw new AppError("conflict", message, [{ field: "userLoginEmail", message }]);
    }
    const problems: FieldError[] = [];
    const forbidden: FieldError[] = [];
    const seen = new Set<string>();
    type Item = { space: Space; serviceId: string | null; access: AccessLevel };
    const items = input.spaces.flatMap((asked, index): Item[] => {
      const key = `${asked.space}:${asked.serviceCode ?? "*"}`;
      if (seen.has(key)) {
        problems.push({
          field: `spaces[${index}].space`,
          message: messages.errors.spaceDuplicate(messages.spaces[asked.space]),
        });
        return [];
      }
      seen.add(key);
      if (!isSpaceAllowed(role, asked.space)) {
        const space = messages.spaces[asked.space];
        forbidden.push({
          field: `spaces[${index}].space`,
          message: messages.errors.spaceNotForRole(space, messages.roles[role]),
        });
        return [];
      }
      if (asked.serviceCode === undefined)
        return [{ space: asked.space, serviceId: null, access: asked.access }];
      const service = structure.services.find((candidate) => candidate.code === asked.serviceCode);
      const field = `spaces[${index}].serviceCode`;
      if (!service) problems.push({ field, message: messages.errors.serviceUnknown(asked.serviceCode) });
      else if (!service.active)
        problems.push({ field, message: messages.errors.serviceInactive(asked.serviceCode) });
      return service?.active ? [{ space: asked.space, serviceId: service.id, access: asked.access }] : [];
    });
    if (problems.length > 0) throw new AppError("invalid_input", problems[0]?.message ?? "", problems);
    // Asking what the role does not open is not a malformed request but one that cannot be granted.
    if (forbidden.length > 0) throw new AppError("conflict", forbidden[0]?.message ?? "", forbidden);
    const created = await insertSubscriptionRequest(tx, {
      structureId: structure.id,
      userId: user.id,
      origin: "USER",
      comment: input.comment,
      items,
      createdAt: ctx.now(),
    });
    await beforeCommit?.(tx, created);
    return created;
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: request.id }, "subscription request created");
  return request;
}
