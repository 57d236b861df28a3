import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { prepareDecision } from "../../../services/requests/prepare-decision.ts";
import {
  answerQuestion,
  askRequester,
  findQuestionOfDmThread,
} from "../../../services/requests/request-questions.ts";
import {
  resolveSlackActor,
  resolveSlackRequester,
} from "../../../services/slack-workspace/slack-identities.ts";
import { noticeView, typedValue } from "../../blocks/kit.ts";
import { ActionIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import { modalErrorAnswer, reportToUser } from "../../listeners/user-errors.ts";
import { whoSent } from "../../listeners/who.ts";
import {
  answerQuestionModal,
  askQuestionModal,
  questionFieldBlocks,
  questionTargetCodec,
} from "./question-modals.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;

/** « Poser une question » on a request message: for its managers, while it waits (checked first). */
export function openAskQuestion(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const { ctx } = deps;
    try {
      const target = questionTargetCodec.decode(action.value);
      if (!target) throw new AppError("not_found", ctx.messages.errors.requestMissing);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      await prepareDecision(ctx, actor, target);
      await client.views.open({ trigger_id: body.trigger_id, view: askQuestionModal(ctx.messages, target) });
    } catch (error) {
      const channelId = body.container?.channel_id ?? body.channel?.id;
      await reportToUser(ctx, client, { channelId, userId: body.user.id }, error);
    }
  };
}

/** The question, submitted: sent before the ack, so an empty one is a field error. */
export function submitAskQuestion(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.requestQuestions;
    try {
      const target = questionTargetCodec.decode(view.private_metadata);
      if (!target) throw new AppError("not_found", ctx.messages.errors.requestMissing);
      const actor = await resolveSlackActor(ctx, deps.directory, whoSent(body));
      const question = typedValue(view.state.values, ActionIds.askQuestionInput) ?? "";
      await askRequester(ctx, actor, { ...target, question });
      await ack({
        response_action: "update",
        view: noticeView({ title: labels.askTitle, close: labels.close }, labels.asked),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, questionFieldBlocks));
    }
  };
}

/** « Répondre » in the requester's DM. */
export function openAnswer(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: answerQuestionModal(deps.ctx.messages, action.value ?? ""),
    });
  };
}

/** The answer, submitted. */
export function submitAnswer(deps: ListenerDeps) {
  return async ({ ack, body, view }: SubmitArgs): Promise<void> => {
    const { ctx } = deps;
    const labels = ctx.messages.requestQuestions;
    try {
      const requester = await resolveSlackRequester(ctx, deps.directory, whoSent(body));
      const answer = typedValue(view.state.values, ActionIds.answerQuestionInput) ?? "";
      await answerQuestion(ctx, requester, { questionId: view.private_metadata, answer });
      await ack({
        response_action: "update",
        view: noticeView({ title: labels.answerTitle, close: labels.close }, labels.answered),
      });
    } catch (error) {
      await ack(modalErrorAnswer(ctx, error, body.user.id, questionFieldBlocks));
    }
  };
}

/**
 * A reply in the thread of a question's DM is the answer: passed on like one given by « Répondre »,
 * and acknowledged (or refused) in that thread. Other messages in DMs are left alone.
 */
export function dmThreadReply(deps: ListenerDeps) {
  return async ({ event, body, client }: MessageArgs): Promise<void> => {
    if (event.channel_type !== "im" || event.subtype !== undefined) return;
    if (!("thread_ts" in event) || !event.thread_ts || ("bot_id" in event && event.bot_id)) return;
    const { ctx } = deps;
    const questionId = await findQuestionOfDmThread(ctx, {
      channelId: event.channel,
      threadTs: event.thread_ts,
    });
    if (!questionId) return;
    let reply: string;
    try {
      const requester = await resolveSlackRequester(ctx, deps.directory, {
        teamId: body.team_id,
        slackUserId: event.user,
      });
      await answerQuestion(ctx, requester, { questionId, answer: event.text ?? "" });
      reply = ctx.messages.requestQuestions.answered;
    } catch (error) {
      reply = error instanceof AppError ? error.message : ctx.messages.errors.unexpected;
      if (!(error instanceof AppError)) ctx.logger.error({ err: error }, "answer from a DM thread failed");
    }
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts, text: reply });
  };
}
