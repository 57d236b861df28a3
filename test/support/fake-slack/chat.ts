import { APP_ID, BOT_ID, BOT_USER_ID, resolveChannel, str } from "./args.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type { FakeSlackEphemeral, FakeSlackMessage, SlackArgs } from "./types.ts";

export function blocksOf(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function messageObject(slack: FakeSlackState, message: FakeSlackMessage): SlackArgs {
  const object: SlackArgs = {
    type: "message",
    text: message.text ?? "",
    user: message.user,
    bot_id: message.bot_id,
    app_id: APP_ID,
    team: slack.teamId,
    ts: message.ts,
  };
  if (message.blocks !== undefined) {
    object.blocks = message.blocks;
  }
  if (message.attachments !== undefined) {
    object.attachments = message.attachments;
  }
  if (message.thread_ts !== undefined) {
    object.thread_ts = message.thread_ts;
  }
  if (message.metadata !== undefined) {
    object.metadata = message.metadata;
  }
  return object;
}

export function postMessage(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  if (channel === undefined) {
    return { ok: false, error: "channel_not_found" };
  }
  const ts = slack.nextTs();
  const text = str(args.text);
  const blocks = blocksOf(args.blocks);
  const attachments = blocksOf(args.attachments);
  const message: FakeSlackMessage = {
    channel,
    ts,
    text,
    blocks,
    attachments,
    metadata: args.metadata,
    thread_ts: str(args.thread_ts),
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    deleted: false,
    history: [{ text, blocks, attachments, at: Date.now() }],
  };
  slack.messages.set(channel + ts, message);
  return { ok: true, channel, ts, message: messageObject(slack, message) };
}

export function updateMessage(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  const ts = str(args.ts) ?? "";
  const message = channel === undefined ? undefined : slack.messages.get(channel + ts);
  if (message === undefined || message.deleted) {
    return { ok: false, error: "message_not_found" };
  }
  if (args.text !== undefined) {
    message.text = str(args.text);
  }
  if (args.blocks !== undefined) {
    message.blocks = blocksOf(args.blocks);
  }
  if (args.attachments !== undefined) {
    message.attachments = blocksOf(args.attachments);
  }
  if (args.metadata !== undefined) {
    message.metadata = args.metadata;
  }
  message.history.push({
    text: message.text,
    blocks: message.blocks,
    attachments: message.attachments,
    at: Date.now(),
  });
  return {
    ok: true,
    channel: message.channel,
    ts: message.ts,
    text: message.text ?? "",
    message: messageObject(slack, message),
  };
}

export function deleteMessage(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  const ts = str(args.ts) ?? "";
  const message = channel === undefined ? undefined : slack.messages.get(channel + ts);
  if (message === undefined || message.deleted) {
    return { ok: false, error: "message_not_found" };
  }
  message.deleted = true;
  return { ok: true, channel: message.channel, ts: message.ts };
}

export function postEphemeral(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  if (channel === undefined) {
    return { ok: false, error: "channel_not_found" };
  }
  const ephemeral: FakeSlackEphemeral = {
    channel,
    user: str(args.user) ?? "",
    message_ts: slack.nextTs(),
    text: str(args.text),
    blocks: blocksOf(args.blocks),
  };
  slack.ephemerals.push(ephemeral);
  return { ok: true, message_ts: ephemeral.message_ts };
}

export function scheduleMessage(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  if (channel === undefined) {
    return { ok: false, error: "channel_not_found" };
  }
  const postAt = Number(args.post_at);
  if (!Number.isInteger(postAt)) {
    return { ok: false, error: "invalid_time" };
  }
  if (postAt * 1000 < Date.now()) {
    return { ok: false, error: "time_in_past" };
  }
  return {
    ok: true,
    channel,
    scheduled_message_id: slack.nextId("Q"),
    post_at: postAt,
    message: {
      type: "message",
      text: str(args.text) ?? "",
      blocks: blocksOf(args.blocks),
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      team: slack.teamId,
    },
  };
}

function getPermalink(_slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const channel = resolveChannel(args.channel);
  const ts = str(args.message_ts) ?? "";
  if (channel === undefined) {
    return { ok: false, error: "channel_not_found" };
  }
  return {
    ok: true,
    channel,
    permalink: `https://fake.slack.test/archives/${channel}/p${ts.replace(".", "")}`,
  };
}

/** chat.*: messages posted, updated, deleted, ephemeral, scheduled, and their permalinks. */
export const CHAT_METHODS: Record<string, FamilyMethod> = {
  "chat.postMessage": postMessage,
  "chat.update": updateMessage,
  "chat.delete": deleteMessage,
  "chat.postEphemeral": postEphemeral,
  "chat.scheduleMessage": scheduleMessage,
  "chat.getPermalink": getPermalink,
};
