import type { types } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { absentManagers, presentRecipients } from "../../domain/absences.ts";
import { parisDay } from "../../domain/dates.ts";
import type { RequestDetails, RequestType } from "../../domain/requests.ts";
import type { OutboxPayloads } from "../../notify/outbox.ts";
import { DeliveryError } from "../../notify/outbox-worker.ts";
import { loadAbsencesOn } from "../../services/absences/manager-absences.ts";
import type { ServiceContext } from "../../services/context.ts";
import { findRequestDetails } from "../../services/requests/request-details.ts";
import {
  findRequestAudience,
  findRequestMessageIn,
  listRequestMessages,
  recordRequestMessage,
  recordRequestMessagePermalink,
} from "../../services/requests/request-messages.ts";
import {
  findSlackUserIdOfAccount,
  type SlackDirectory,
} from "../../services/slack-workspace/slack-identities.ts";
import type { AbsenceNote } from "../blocks/absence-notes.ts";
import { requestMessage } from "../blocks/request-message.ts";
import { platformErrorIs } from "../web-api.ts";

/**
 * `client` is a delivery client (createDeliveryClient): each of its calls waits its turn in the Slack
 * rate limiter, so a burst of deliveries goes out at Slack's pace.
 */
export interface SlackDeliveryDeps {
  ctx: ServiceContext;
  client: WebClient;
  directory: SlackDirectory;
  teamId: () => Promise<string>;
}

async function loadRequest(
  deps: SlackDeliveryDeps,
  type: RequestType,
  requestId: string,
): Promise<RequestDetails> {
  const request = await findRequestDetails(deps.ctx.prisma, type, requestId);
  if (!request) throw new DeliveryError(`${type} request ${requestId} no longer exists`, { permanent: true });
  return request;
}

/** A place a request is shown: a channel, or a manager's DM. */
interface Destination {
  channel: string;
  /** The manager whose DM it is; null for a channel. */
  recipientId: string | null;
}

/**
 * Where a request is shown, and who among the structure's managers is away today: its channel when it
 * has one, otherwise a DM to each manager whose Slack identity is known, but one who is away (their
 * stand-in, a manager of the structure, gets their own copy: domain/absences.ts). When every one is
 * away, all of them, so that the request waits where they will look when back.
 */
async function placesOf(
  deps: SlackDeliveryDeps,
  request: RequestDetails,
): Promise<{ destinations: Destination[]; absences: AbsenceNote[] }> {
  const today = parisDay(deps.ctx.now());
  const [audience, away] = await Promise.all([
    findRequestAudience(deps.ctx.prisma, request.structure.id),
    loadAbsencesOn(deps.ctx.prisma, today),
  ]);
  const absences = absentManagers(audience.managers, away, today);
  if (audience.channelId)
    return { destinations: [{ channel: audience.channelId, recipientId: null }], absences };
  const present = presentRecipients(audience.managers, away, today);
  const recipients = present.length > 0 ? present : audience.managers.map((manager) => manager.accountId);
  const destinations: Destination[] = [];
  for (const recipientId of recipients) {
    const channel = await directMessageChannel(deps, recipientId);
    if (channel) destinations.push({ channel, recipientId });
  }
  return { destinations, absences };
}

/** Re-renders every message showing the request, e.g. after its decision. */
async function refreshRequestMessages(
  deps: SlackDeliveryDeps,
  type: RequestType,
  requestId: string,
): Promise<void> {
  const shown = await listRequestMessages(deps.ctx.prisma, type, requestId);
  if (shown.length === 0) return;
  const rendered = requestMessage(deps.ctx.messages, await loadRequest(deps, type, requestId));
  for (const message of shown) {
    try {
      await deps.client.chat.update({ channel: message.channelId, ts: message.ts, ...rendered });
    } catch (error) {
      // Someone deleted that copy: there is nothing left to update there.
      if (platformErrorIs(error, "message_not_found")) {
        deps.ctx.logger.info(
          { channel: message.channelId, ts: message.ts },
          "request message deleted in Slack",
        );
        continue;
      }
      throw error;
    }
  }
}

/** Records a posted message's permalink, so that digests link to it without calling Slack. */
async function recordPermalink(
  deps: SlackDeliveryDeps,
  shown: { id: string; channelId: string; ts: string },
): Promise<void> {
  const link = await deps.client.chat.getPermalink({ channel: shown.channelId, message_ts: shown.ts });
  await recordRequestMessagePermalink(deps.ctx.prisma, shown.id, link.permalink ?? null);
}

/**
 * Posts the request once to each destination (a destination that already shows it is skipped, so a
 * retried delivery does not post twice), then catches up if it was decided meanwhile.
 */
async function showRequest(deps: SlackDeliveryDeps, type: RequestType, requestId: string): Promise<void> {
  const { prisma, logger, messages } = deps.ctx;
  const request = await loadRequest(deps, type, requestId);
  const { destinations, absences } = await placesOf(deps, request);
  if (destinations.length === 0) {
    logger.warn({ requestId }, "no channel and no manager known in Slack: the request is not shown");
    return;
  }
  const rendered = requestMessage(messages, request, absences);
  let postedPending = false;
  let postedNothing = true;
  for (const { channel, recipientId } of destinations) {
    const already = await findRequestMessageIn(prisma, type, requestId, channel);
    if (already) {
      // An earlier attempt posted it but failed before its permalink was recorded.
      if (already.permalink === null) await recordPermalink(deps, already);
      continue;
    }
    postedPending ||= request.status === "PENDING";
    const posted = await deps.client.chat.postMessage({ channel, ...rendered });
    postedNothing = false;
    if (!posted.ts || !posted.channel)
      throw new DeliveryError("chat.postMessage returned no ts", { permanent: true });
    const shown = await recordRequestMessage(prisma, type, requestId, {
      channelId: posted.channel,
      ts: posted.ts,
      recipientId,
    });
    // Asked after the message is recorded (a failure here must not post it twice).
    await recordPermalink(deps, shown);
  }
  // Decided meanwhile: bring the copies up to date (those just posted pending, or, on a retry, those
  // an earlier attempt may have posted pending).
  const current = await loadRequest(deps, type, requestId);
  if (current.status !== "PENDING" && (postedPending || postedNothing))
    await refreshRequestMessages(deps, type, requestId);
}

export async function deliverSlackShow(
  deps: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_SHOW_REQUEST"],
) {
  await showRequest(deps, payload.requestType, payload.requestId);
}

export async function deliverSlackRefresh(
  deps: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_REFRESH_REQUEST"],
) {
  await refreshRequestMessages(deps, payload.requestType, payload.requestId);
}

/** The DM channel with an account's Slack user, or null when the account is not known in Slack. */
export async function directMessageChannel(
  deps: SlackDeliveryDeps,
  accountId: string,
): Promise<string | null> {
  const slackUserId = await findSlackUserIdOfAccount(
    deps.ctx,
    deps.directory,
    await deps.teamId(),
    accountId,
  );
  if (!slackUserId) return null;
  const opened = await deps.client.conversations.open({ users: slackUserId });
  return opened.channel?.id ?? null;
}

/** Posts a message rendered when it was queued: to its channel, or by DM to its account. */
export async function deliverSlackPost(
  deps: SlackDeliveryDeps,
  payload: OutboxPayloads["SLACK_POST_MESSAGE"],
) {
  const channel =
    payload.channel ?? (payload.accountId ? await directMessageChannel(deps, payload.accountId) : null);
  if (!channel) {
    deps.ctx.logger.info(
      { accountId: payload.accountId },
      "no Slack identity for the recipient: message skipped",
    );
    return;
  }
  await deps.client.chat.postMessage({
    channel,
    text: payload.text,
    // A plain-text post (a thread reply) carries no blocks.
    ...(payload.blocks.length > 0 ? { blocks: payload.blocks as types.KnownBlock[] } : {}),
    ...(payload.threadTs ? { thread_ts: payload.threadTs } : {}),
  });
}
