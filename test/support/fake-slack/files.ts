import { BOT_USER_ID, isMissing, isRecord, resolveChannel, str } from "./args.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type { SlackArgs } from "./types.ts";

export function getUploadUrl(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const id = slack.nextId("F");
  slack.pendingFiles.set(id, {
    id,
    filename: str(args.filename) ?? "",
    length: Number(args.length),
    altText: str(args.alt_text) ?? str(args.alt_txt),
  });
  return { ok: true, upload_url: `${slack.baseUrl}/upload/${id}`, file_id: id };
}

export function completeUpload(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const files = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
  const channels = !isMissing(args.channel_id)
    ? [str(args.channel_id) ?? ""]
    : (str(args.channels) ?? "")
        .split(",")
        .map((channel) => channel.trim())
        .filter((channel) => channel.length > 0);
  const resolvedChannels = channels.map((channel) => resolveChannel(channel));
  if (resolvedChannels.some((channel) => channel === undefined)) {
    return { ok: false, error: "channel_not_found" };
  }
  const result: SlackArgs[] = [];
  for (const file of files) {
    const id = str(file.id) ?? "";
    const pending = slack.pendingFiles.get(id);
    const title = str(file.title) ?? pending?.filename;
    const targets = resolvedChannels.length > 0 ? resolvedChannels : [undefined];
    for (const channel of targets) {
      slack.fileShares.push({
        fileId: id,
        title,
        filename: pending?.filename,
        channel,
        threadTs: str(args.thread_ts),
        initialComment: str(args.initial_comment),
        at: Date.now(),
      });
    }
    result.push({
      id,
      title,
      name: pending?.filename,
      size: slack.uploads.get(id)?.length ?? 0,
      user: BOT_USER_ID,
      permalink: `https://fake.slack.test/files/${BOT_USER_ID}/${id}/${encodeURIComponent(pending?.filename ?? id)}`,
      channels: resolvedChannels.filter((channel) => channel?.startsWith("C")),
    });
  }
  return { ok: true, files: result };
}

/** files.*: the two steps of an upload, its bytes received by the server in between. */
export const FILES_METHODS: Record<string, FamilyMethod> = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};
