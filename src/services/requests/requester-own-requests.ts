import type { Tx } from "../../db/transaction.ts";
import type { RequestDetails, RequestType } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import type { Actor, SlackRequester } from "../slack-workspace/slack-identities.ts";
import { findRequestDetails } from "./request-details.ts";

/** A requester's request, named by its kind and id (a button of their Home tab). */
export interface OwnRequestRef {
  type: RequestType;
  requestId: string;
}

/** The requester as the history and the request's decision columns record them. */
export function requesterActor(ctx: ServiceContext, requester: SlackRequester): Actor {
  const account = requester.account;
  if (!account) throw new AppError("forbidden", ctx.messages.errors.noAccountForSlackUser(requester.email));
  return {
    accountId: account.id,
    name: `${account.firstName} ${account.lastName}`,
    slackUserId: requester.slackUserId,
    teamId: requester.teamId,
  };
}

/** The request, which must be the requester's own: anyone else's is refused, as if it did not exist for them. */
export async function loadOwnRequest(
  tx: Tx,
  ctx: ServiceContext,
  actor: Actor,
  ref: OwnRequestRef,
): Promise<RequestDetails> {
  const request = await findRequestDetails(tx, ref.type, ref.requestId);
  if (!request || request.requester.id !== actor.accountId)
    throw new AppError("forbidden", ctx.messages.myRequests.notYours);
  return request;
}
