import type { WebClient } from "@slack/web-api";
import { streamToBuffer } from "../export/excel-csv.ts";
import type { CsvExport } from "../services/exports/export-scope.ts";

/**
 * Sends a file to a Slack user by DM, the way Slack wants files uploaded now (files.upload is
 * retired): files.getUploadURLExternal with the name and byte length, a POST of the bytes to the
 * returned URL, then files.completeUploadExternal sharing it in the DM opened with conversations.open.
 * Returns the DM channel and the file id.
 */
export async function uploadFileToDm(
  client: WebClient,
  input: { slackUserId: string; filename: string; title: string; bytes: Buffer },
): Promise<{ channelId: string; fileId: string }> {
  const opened = await client.conversations.open({ users: input.slackUserId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error("conversations.open returned no channel");
  const target = await client.files.getUploadURLExternal({
    filename: input.filename,
    length: input.bytes.length,
  });
  if (!target.upload_url || !target.file_id) throw new Error("files.getUploadURLExternal returned no URL");
  const uploaded = await fetch(target.upload_url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: input.bytes,
  });
  if (!uploaded.ok) throw new Error(`the file upload failed with HTTP ${uploaded.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: input.title }],
    channel_id: channelId,
  });
  return { channelId, fileId: target.file_id };
}

/** Sends a CSV export by DM; Slack needs the byte length before the upload, so the stream is collected first. */
export async function uploadExportToDm(
  client: WebClient,
  slackUserId: string,
  exported: CsvExport,
): Promise<{ channelId: string; fileId: string }> {
  const bytes = await streamToBuffer(exported.stream);
  return uploadFileToDm(client, { slackUserId, filename: exported.filename, title: exported.title, bytes });
}
