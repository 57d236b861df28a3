import { inTransaction } from "../../db/transaction.ts";
import { parisDay } from "../../domain/dates.ts";
import { requestColumn } from "../../domain/requests.ts";
import { onceAWorkingDay } from "../../domain/working-days.ts";
import { AppError } from "../../errors.ts";
import { formatDate, formatDateTime } from "../../i18n/index.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { SlackRequester } from "../slack-workspace/slack-identities.ts";
import { alreadyDecidedError } from "./request-decision.ts";
import { replyInRequestThreads } from "./request-messages.ts";
import { loadOwnRequest, type OwnRequestRef, requesterActor } from "./requester-own-requests.ts";

/**
 * « Relancer » on the requester's Home tab: a reply in the thread of every copy of the request's
 * message, where its managers see it, at most once per working day per request (a conditional
 * update, so two clicks at once remind once), with its history line.
 */
export async function remindManagers(
  ctx: ServiceContext,
  requester: SlackRequester,
  ref: OwnRequestRef,
): Promise<{ posted: number }> {
  const { messages } = ctx;
  const actor = requesterActor(ctx, requester);
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadOwnRequest(tx, ctx, actor, ref);
    if (request.status !== "PENDING") throw alreadyDecidedError(messages, request);
    const where = { id: request.id, status: "PENDING" as const };
    const current =
      request.type === "attachment"
        ? await tx.attachmentRequest.findUniqueOrThrow({ where, select: { remindedAt: true } })
        : await tx.subscriptionRequest.findUniqueOrThrow({ where, select: { remindedAt: true } });
    const verdict = onceAWorkingDay(current.remindedAt, at);
    const refused = (from: Date) =>
      new AppError("conflict", messages.myRequests.alreadyReminded(formatDate(messages, from)));
    if (!verdict.allowed) throw refused(verdict.from);
    const claim = { where: { ...where, remindedAt: current.remindedAt }, data: { remindedAt: at } };
    const { count } =
      request.type === "attachment"
        ? await tx.attachmentRequest.updateMany(claim)
        : await tx.subscriptionRequest.updateMany(claim);
    // Another click reminded it a moment ago.
    if (count === 0) throw refused(at);
    await appendHistory(tx, {
      structureId: request.structure.id,
      action: "REQUEST_REMINDED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: actor.accountId,
      ...requestColumn(request),
      createdAt: at,
    });
    const text = messages.myRequests.reminderPost(
      actor.slackUserId ? `<@${actor.slackUserId}>` : actor.name,
      messages.requestKinds[request.type].toLowerCase(),
      formatDateTime(messages, request.createdAt),
    );
    return { posted: await replyInRequestThreads(tx, request, text, parisDay(at)) };
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: ref.requestId, posted: done.posted }, "managers reminded by the requester");
  return done;
}
