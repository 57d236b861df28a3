import type { SlackItem } from "../../notify/deliver.ts";
import type { OutboxPayloads } from "../../notify/outbox.ts";
import type { ServiceContext } from "../../services/context.ts";
import { loadDecidedRequests } from "../../services/requests/request-details.ts";
import {
  emailQuestion,
  loadRequestQuestion,
  recordQuestionDm,
} from "../../services/requests/request-questions.ts";
import { loadBulkRunOutcomes } from "../../services/requests/run-bulk-decision.ts";
import {
  workspaceOfAccount,
  workspaceOfChannel,
  workspaceOfRequest,
} from "../../services/slack-workspace/slack-installations.ts";
import { bulkSummaryMessage } from "../blocks/bulk-summary-message.ts";
import { questionMessage } from "../blocks/question-message.ts";
import { requesterNoticeMessage } from "../blocks/requester-notice.ts";
import type { SlackWorkspaces } from "../workspace-clients.ts";
import { deliverHomeTab } from "./home-delivery.ts";
import {
  deliverSlackPost,
  deliverSlackRefresh,
  deliverSlackShow,
  directMessageChannel,
  type SlackDeliveryDeps,
} from "./slack-delivery.ts";

/** The workspace a Slack delivery is for, when several are installed: its structure's, or its recipient's. */
function workspaceHint(ctx: ServiceContext, item: SlackItem): () => Promise<string | null> {
  switch (item.kind) {
    case "SLACK_SHOW_REQUEST":
    case "SLACK_REFRESH_REQUEST":
      return () => workspaceOfRequest(ctx, item.payload.requestType, item.payload.requestId);
    case "SLACK_POST_MESSAGE":
      return () => workspaceOfPost(ctx, item.payload);
    case "SLACK_ASK_REQUESTER":
      return () => workspaceOfRequest(ctx, item.payload.requestType, item.payload.requestId);
    case "SLACK_PUBLISH_HOME":
    case "SLACK_BULK_SUMMARY":
    case "SLACK_TELL_REQUESTER":
      return () => workspaceOfAccount(ctx, item.payload.accountId);
    case "SLACK_COMPLETE_FUNCTION":
      return async () => item.payload.teamId;
  }
}

async function workspaceOfPost(
  ctx: ServiceContext,
  payload: OutboxPayloads["SLACK_POST_MESSAGE"],
): Promise<string | null> {
  const ofChannel = payload.channel ? await workspaceOfChannel(ctx, payload.channel) : null;
  return ofChannel ?? (payload.accountId ? workspaceOfAccount(ctx, payload.accountId) : null);
}

/** A finished bulk run's summary, by DM to its manager; nothing when the run is gone. */
async function deliverBulkSummary(
  slack: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_BULK_SUMMARY"],
): Promise<void> {
  const outcomes = await loadBulkRunOutcomes(slack.ctx, payload.bulkRunId);
  if (!outcomes) return;
  const summary = bulkSummaryMessage(slack.ctx.messages, { ...outcomes, done: outcomes.decided.length });
  await deliverSlackPost(slack, { channel: null, accountId: payload.accountId, ...summary });
}

/** The requester's DM about their requests as they are now; nothing when none is left. */
async function deliverRequesterNotice(
  slack: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_TELL_REQUESTER"],
): Promise<void> {
  const requests = await loadDecidedRequests(slack.ctx, payload.requests);
  if (requests.length === 0) return;
  const notice = requesterNoticeMessage(slack.ctx.messages, requests);
  await deliverSlackPost(slack, { channel: null, accountId: payload.accountId, ...notice });
}

/**
 * A manager's question, by DM to the requester, the DM kept so a reply in its thread is the answer;
 * by e-mail when Slack does not know them. Nothing when the question is gone.
 */
async function deliverQuestion(
  slack: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_ASK_REQUESTER"],
): Promise<void> {
  const { ctx } = slack;
  const question = await loadRequestQuestion(ctx.prisma, payload.questionId);
  if (!question) return;
  const channel = await directMessageChannel(slack, question.request.requester.id);
  if (!channel) return emailQuestion(ctx, question);
  const posted = await slack.client.chat.postMessage({ channel, ...questionMessage(ctx.messages, question) });
  if (posted.ts) await recordQuestionDm(ctx, question.id, { channelId: channel, ts: posted.ts });
}

/**
 * A Workflow Builder step's completion, with the bot token of its workspace: Slack accepts it for
 * functions.completeSuccess, while the execution's own token (xwfp-…) is valid only while the
 * function_executed event is handled, and a decision may come days later. An execution Slack no longer
 * runs (workflow cancelled or deleted) answers an error that the outbox keeps as final.
 */
async function deliverFunctionCompletion(
  slack: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_COMPLETE_FUNCTION"],
): Promise<void> {
  await slack.client.functions.completeSuccess({
    function_execution_id: payload.functionExecutionId,
    outputs: payload.outputs,
  });
}

/**
 * Makes the outbox's Slack deliveries over the Web API, with the client of the workspace each goes to
 * (over OAuth, each workspace has its own bot token).
 */
export function createSlackDeliveries(deps: { ctx: ServiceContext; workspaces: SlackWorkspaces }) {
  const { ctx } = deps;
  return async (item: SlackItem): Promise<void> => {
    const workspace = await deps.workspaces.forDelivery(workspaceHint(ctx, item));
    if (!workspace) {
      ctx.logger.warn(
        { outboxId: item.id, kind: item.kind },
        "no Slack workspace known for the delivery: skipped",
      );
      return;
    }
    const slack: SlackDeliveryDeps = { ctx, ...workspace };
    switch (item.kind) {
      case "SLACK_SHOW_REQUEST":
        return deliverSlackShow(slack, item.payload);
      case "SLACK_REFRESH_REQUEST":
        return deliverSlackRefresh(slack, item.payload);
      case "SLACK_POST_MESSAGE":
        return deliverSlackPost(slack, item.payload);
      case "SLACK_PUBLISH_HOME":
        return deliverHomeTab(slack, item.payload);
      case "SLACK_BULK_SUMMARY":
        return deliverBulkSummary(slack, item.payload);
      case "SLACK_TELL_REQUESTER":
        return deliverRequesterNotice(slack, item.payload);
      case "SLACK_ASK_REQUESTER":
        return deliverQuestion(slack, item.payload);
      case "SLACK_COMPLETE_FUNCTION":
        return deliverFunctionCompletion(slack, item.payload);
    }
  };
}
