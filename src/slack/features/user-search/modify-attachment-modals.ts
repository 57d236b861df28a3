import type { types } from "@slack/bolt";
import { z } from "zod";
import type { Messages } from "../../../i18n/index.ts";
import type { AttachmentToModify } from "../../../services/accounts/modify-attachment.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import { noticeView } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";
import { commentInput, roleInput, scopeBlocks } from "../request-decision/request-modals.ts";
import { structureName } from "./result-rows.ts";

/** Which user on which structure a "Modifier le rattachement" button or modal is about. */
export const attachmentTargetCodec = metadataCodec(z.object({ structureId: z.string(), userId: z.string() }));

/** "Modifier le rattachement": the role and the scope, as held now, and a comment for the user. */
export function modifyAttachmentModal(messages: Messages, input: AttachmentToModify): types.ModalView {
  const labels = messages.modifyAttachment;
  const { account, current } = input;
  return {
    type: "modal",
    callback_id: CallbackIds.modifyAttachmentModal,
    private_metadata: attachmentTargetCodec.encode({ structureId: input.structure.id, userId: account.id }),
    title: modalText(labels.title),
    submit: modalText(labels.submit),
    close: modalText(labels.close),
    blocks: [
      {
        type: "section",
        text: mrkdwn(
          escapeMrkdwn(
            labels.intro(`${account.firstName} ${account.lastName}`, structureName(input.structure)),
          ),
        ),
      },
      roleInput(messages, messages.attachUser.role, current.role),
      ...scopeBlocks(messages, {
        activeServices: input.activeServices,
        alreadyAttached: { wholeStructure: false, services: [] },
        wholeStructureTicked: current.wholeStructure,
        preselected: current.services,
      }),
      commentInput(messages),
    ],
  };
}

/** "Rattacher à une autre de mes structures": which one (the attach form then replaces this modal). */
export function attachOtherStructureModal(
  messages: Messages,
  input: { userId: string; userName: string; structures: readonly ManagedStructure[] },
): types.ModalView {
  const labels = messages.modifyAttachment;
  if (input.structures.length === 0) {
    return noticeView({ title: labels.otherTitle, close: labels.close }, labels.otherNone(input.userName));
  }
  return {
    type: "modal",
    private_metadata: input.userId,
    title: modalText(labels.otherTitle),
    close: modalText(labels.close),
    blocks: [
      { type: "section", text: mrkdwn(escapeMrkdwn(labels.otherIntro(input.userName))) },
      {
        type: "actions",
        block_id: BlockIds.attachOtherStructure,
        elements: [
          {
            type: "static_select",
            action_id: ActionIds.attachOtherStructure,
            placeholder: plainText(labels.otherPlaceholder),
            options: input.structures.slice(0, LIMITS.selectOptions).map((structure) => ({
              text: plainText(structureName(structure)),
              value: structure.id,
            })),
          },
        ],
      },
    ],
  };
}
