import type { types } from "@slack/bolt";
import type { Messages } from "../../../i18n/index.ts";
import type { FoundAttachment, UserDetail } from "../../../services/accounts/search-users.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds } from "../../ids.ts";
import { attachmentTargetCodec } from "./modify-attachment-modals.ts";
import { attachmentLine, resetPasswordButton, structureName, userHeadline } from "./result-rows.ts";

/** "Modifier le rattachement" of one of the user's structures. */
function modifyAttachmentButton(
  messages: Messages,
  user: UserDetail,
  attachment: FoundAttachment,
): types.Button {
  return {
    type: "button",
    action_id: ActionIds.modifyAttachmentOpen,
    text: plainText(messages.modifyAttachment.open),
    value: attachmentTargetCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
  };
}

/** Below a modal's 100 blocks, with room for the headline and the "more" line. */
const MAX_DETAIL_BLOCKS = 90;

/**
 * "Voir le détail" (pushed): every structure the user is attached to; with role and services on the
 * manager's structures, with the "Statut du rattachement" only on the others.
 */
export function userDetailModal(messages: Messages, user: UserDetail): types.ModalView {
  const labels = messages.userSearch;
  const contact = user.contactEmail ?? labels.noContactEmail;
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      text: mrkdwn(
        clip(
          `${userHeadline(messages, user)}\n${labels.contactEmail}${messages.colon}${escapeMrkdwn(contact)}`,
          LIMITS.sectionText,
        ),
      ),
    },
    { type: "header", text: plainText(labels.structuresHeader, LIMITS.headerText) },
  ];
  for (const attachment of user.attachments) {
    // A technical user's password, or the attachment's role and scope (never the principal's).
    const modifiable = !user.technical && attachment.role !== "PRINCIPAL_MANAGER" && !attachment.startsOn;
    const accessory = user.technical
      ? resetPasswordButton(messages, user, attachment)
      : modifiable
        ? modifyAttachmentButton(messages, user, attachment)
        : undefined;
    blocks.push({
      type: "section",
      text: mrkdwn(attachmentLine(messages, attachment)),
      ...(accessory ? { accessory } : {}),
    });
    if (user.chorusProStructureIds.includes(attachment.structure.id) && !attachment.startsOn) {
      blocks.push({
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: ActionIds.chorusProStatusOpen,
            text: plainText(messages.chorusProStatus.open),
            value: attachmentTargetCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
          },
        ],
      });
    }
  }
  for (const request of user.pendingRequests) {
    blocks.push({
      type: "section",
      text: mrkdwn(labels.pendingRequestLine(escapeMrkdwn(structureName(request.structure)))),
    });
  }
  if (user.elsewhere.length > 0) {
    blocks.push({ type: "header", text: plainText(labels.elsewhereHeader, LIMITS.headerText) });
    for (const { structure, status } of user.elsewhere) {
      const line = `• ${escapeMrkdwn(structureName(structure))} — ${labels.attachmentStatus}${messages.colon}${messages.attachmentStatuses[status]}`;
      blocks.push({ type: "section", text: mrkdwn(clip(line, LIMITS.sectionText)) });
    }
  }
  const shown = blocks.slice(0, MAX_DETAIL_BLOCKS);
  if (blocks.length > shown.length) {
    shown.push({ type: "context", elements: [mrkdwn(labels.moreStructures(blocks.length - shown.length))] });
  }
  return {
    type: "modal",
    title: modalText(labels.detailTitle),
    close: modalText(labels.back),
    blocks: shown,
  };
}
