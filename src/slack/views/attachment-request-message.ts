import type { types } from "@slack/bolt";
import type { AttachmentRequestDetails } from "../../domain/attachment-request.ts";
import { formatDateTime, type Messages, servicesLabel } from "../../i18n/index.ts";
import { ActionIds, BlockIds } from "../ids.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel, plainText } from "./text.ts";

/**
 * The message showing an attachment request: the same builder renders it pending (with its
 * buttons) and decided (outcome, who, when, without buttons), so every copy is updated with it.
 */
export function attachmentRequestMessage(
  messages: Messages,
  request: AttachmentRequestDetails,
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.attachmentRequest;
  const requesterName = `${request.requester.firstName} ${request.requester.lastName}`;
  const structureName = `${request.structure.designation} (${request.structure.identifier})`;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(labels.newRequest, 150) },
    {
      type: "section",
      fields: [
        mrkdwn(`*${labels.structure}*\n${escapeMrkdwn(clip(structureName, 1900))}`, 2000),
        mrkdwn(
          `*${labels.requester}*\n${escapeMrkdwn(clip(`${requesterName} (${request.requester.loginEmail})`, 1900))}`,
          2000,
        ),
        mrkdwn(
          `*${labels.requestedServices}*\n${escapeMrkdwn(clip(servicesLabel(messages, request.requestedServices), 1900))}`,
          2000,
        ),
        mrkdwn(`*${labels.requestedOn}*\n${formatDateTime(messages, request.createdAt)}`, 2000),
      ],
    },
    {
      type: "section",
      text: mrkdwn(
        `*${labels.comment}*\n${request.comment ? escapeMrkdwn(clip(request.comment, 2800)) : `_${labels.noComment}_`}`,
      ),
    },
  ];
  blocks.push(...outcomeBlocks(messages, request));
  const text = labels.notificationText(structureName, requesterName);
  return { text, blocks };
}

function outcomeBlocks(messages: Messages, request: AttachmentRequestDetails): types.KnownBlock[] {
  const labels = messages.attachmentRequest;
  const decision = request.decision;
  if (!decision) {
    return [
      {
        type: "actions",
        block_id: BlockIds.actions,
        elements: [
          {
            type: "button",
            action_id: ActionIds.validateAttachmentRequest,
            text: plainText(labels.validate),
            style: "primary",
            value: request.id,
          },
          {
            type: "button",
            action_id: ActionIds.refuseAttachmentRequest,
            text: plainText(labels.refuse),
            style: "danger",
            value: request.id,
          },
        ],
      },
    ];
  }
  const when = formatDateTime(messages, decision.at);
  if (decision.outcome === "REFUSED") {
    return [
      { type: "divider" },
      {
        type: "section",
        text: mrkdwn(
          `:x: *${labels.refusedBy(personLabel(decision.by), when)}*\n*${labels.refusalReason}*${messages.colon}${escapeMrkdwn(clip(decision.reason, 2500))}`,
        ),
      },
    ];
  }
  const scope = decision.wholeStructure
    ? labels.wholeStructure
    : servicesLabel(messages, decision.grantedServices);
  const lines = [
    `:white_check_mark: *${labels.validatedBy(personLabel(decision.by), when)}*`,
    `*${labels.grantedRole}*${messages.colon}${messages.roles[decision.role]}`,
    `*${labels.grantedScope}*${messages.colon}${escapeMrkdwn(clip(scope, 1000))}`,
  ];
  if (decision.comment)
    lines.push(`*${labels.managerComment}*${messages.colon}${escapeMrkdwn(clip(decision.comment, 1200))}`);
  return [{ type: "divider" }, { type: "section", text: mrkdwn(lines.join("\n")) }];
}
