import { inTransaction, type Tx } from "../../db/transaction.ts";
import { parisDay } from "../../domain/dates.ts";
import type { RequestDetails, RequestType } from "../../domain/requests.ts";
import { requestColumn } from "../../domain/requests.ts";
import { AppError } from "../../errors.ts";
import { questionEmail } from "../../notify/emails.ts";
import { enqueueDelivery } from "../../notify/outbox.ts";
import type { ServiceContext } from "../context.ts";
import { appendHistory } from "../history/history.ts";
import type { Actor, SlackRequester } from "../slack-workspace/slack-identities.ts";
import { loadDecidableRequest } from "./request-decision.ts";
import { findRequestDetails } from "./request-details.ts";
import { replyInRequestThreads } from "./request-messages.ts";
import { requesterActor } from "./requester-own-requests.ts";

export const MAX_QUESTION = 1000;

/** A question with its request, as the DM, the answer form and the thread posts need it. */
export interface RequestQuestionDetails {
  id: string;
  question: string;
  answer: string | null;
  askedBy: { name: string; slackUserId: string | null };
  request: RequestDetails;
}

function checkText(ctx: ServiceContext, text: string, field: string): string {
  const trimmed = text.trim();
  const labels = ctx.messages.requestQuestions;
  const message = !trimmed
    ? labels.textRequired
    : trimmed.length > MAX_QUESTION
      ? ctx.messages.errors.textTooLong(MAX_QUESTION)
      : null;
  if (message) throw new AppError("invalid_input", message, [{ field, message }]);
  return trimmed;
}

const mention = (actor: Actor) => (actor.slackUserId ? `<@${actor.slackUserId}>` : actor.name);

/**
 * « Poser une question » on a pending request, by one of its managers: the question goes to the
 * requester (SLACK_ASK_REQUESTER: by DM, or by e-mail when Slack does not know them), shows in the
 * thread of every copy of the request's message, and is in the history.
 */
export async function askRequester(
  ctx: ServiceContext,
  actor: Actor,
  input: { type: RequestType; requestId: string; question: string },
): Promise<{ questionId: string }> {
  const question = checkText(ctx, input.question, "question");
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const request = await loadDecidableRequest(tx, ctx.messages, actor, input);
    const created = await tx.requestQuestion.create({
      data: {
        ...requestColumn(request),
        askedById: actor.accountId,
        askedBySlackUserId: actor.slackUserId,
        question,
        createdAt: at,
      },
      select: { id: true },
    });
    await appendHistory(tx, {
      structureId: request.structure.id,
      action: "REQUEST_QUESTION_ASKED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: request.requester.id,
      ...requestColumn(request),
      comment: question,
      createdAt: at,
    });
    await enqueueDelivery(tx, "SLACK_ASK_REQUESTER", {
      questionId: created.id,
      requestType: request.type,
      requestId: request.id,
    });
    await replyInRequestThreads(
      tx,
      request,
      ctx.messages.requestQuestions.askedPost(mention(actor), question),
      parisDay(at),
    );
    return { questionId: created.id };
  });
  ctx.outboxWritten();
  ctx.logger.info({ requestId: input.requestId, questionId: done.questionId }, "requester asked a question");
  return done;
}

/** A question as its DM and its answer show it; null when it is gone. */
export async function loadRequestQuestion(db: Tx | ServiceContext["prisma"], questionId: string) {
  const row = await db.requestQuestion.findUnique({ where: { id: questionId } });
  if (!row) return null;
  const type: RequestType = row.attachmentRequestId ? "attachment" : "subscription";
  const request = await findRequestDetails(
    db,
    type,
    row.attachmentRequestId ?? row.subscriptionRequestId ?? "",
  );
  if (!request) return null;
  const asker = await db.userAccount.findUnique({
    where: { id: row.askedById },
    select: { firstName: true, lastName: true },
  });
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    askedBy: {
      name: asker ? `${asker.firstName} ${asker.lastName}` : "?",
      slackUserId: row.askedBySlackUserId,
    },
    request,
  } satisfies RequestQuestionDetails;
}

/** The DM that carried a question: a reply in its thread is the answer. */
export async function recordQuestionDm(
  ctx: ServiceContext,
  questionId: string,
  dm: { channelId: string; ts: string },
): Promise<void> {
  await ctx.prisma.requestQuestion.update({
    where: { id: questionId },
    data: { dmChannelId: dm.channelId, dmTs: dm.ts },
  });
}

/** The question a reply in a DM's thread answers, if that thread is one of the questions' DMs. */
export async function findQuestionOfDmThread(
  ctx: ServiceContext,
  dm: { channelId: string; threadTs: string },
): Promise<string | null> {
  const row = await ctx.prisma.requestQuestion.findFirst({
    where: { dmChannelId: dm.channelId, dmTs: dm.threadTs },
    select: { id: true },
  });
  return row?.id ?? null;
}

/**
 * The requester's answer (« Répondre », or a reply in the question's DM thread): only theirs, once
 * (a conditional update), while the request still waits; shown in the thread of every copy of the
 * request's message, and in the history.
 */
export async function answerQuestion(
  ctx: ServiceContext,
  requester: SlackRequester,
  input: { questionId: string; answer: string },
): Promise<RequestQuestionDetails> {
  const labels = ctx.messages.requestQuestions;
  const answer = checkText(ctx, input.answer, "answer");
  const actor = requesterActor(ctx, requester);
  const at = ctx.now();
  const done = await inTransaction(ctx.prisma, async (tx) => {
    const question = await loadRequestQuestion(tx, input.questionId);
    if (!question || question.request.requester.id !== actor.accountId)
      throw new AppError("forbidden", labels.notYours);
    if (question.request.status !== "PENDING") throw new AppError("conflict", labels.requestClosed);
    const { count } = await tx.requestQuestion.updateMany({
      where: { id: question.id, answeredAt: null },
      data: { answer, answeredAt: at },
    });
    if (count === 0) throw new AppError("conflict", labels.alreadyAnswered);
    const { request } = question;
    await appendHistory(tx, {
      structureId: request.structure.id,
      action: "REQUEST_QUESTION_ANSWERED",
      actorId: actor.accountId,
      actorSlackUserId: actor.slackUserId,
      targetUserId: actor.accountId,
      ...requestColumn(request),
      comment: answer,
      createdAt: at,
    });
    await replyInRequestThreads(tx, request, labels.answeredPost(mention(actor), answer), parisDay(at));
    return { ...question, answer };
  });
  ctx.outboxWritten();
  ctx.logger.info({ questionId: input.questionId }, "question answered by the requester");
  return done;
}

/** The question by e-mail, for a requester Slack does not know (queued, as every e-mail). */
export async function emailQuestion(ctx: ServiceContext, question: RequestQuestionDetails): Promise<void> {
  await enqueueDelivery(ctx.prisma, "EMAIL", questionEmail(ctx.messages, question));
  ctx.outboxWritten();
}
