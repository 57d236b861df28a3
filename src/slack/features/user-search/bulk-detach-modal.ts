import type { types } from "@slack/bolt";
import type { Messages } from "../../../i18n/index.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import type { StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";
import { structureName } from "./result-rows.ts";
import { encodeChildMetadata, type SearchParent } from "./search-state.ts";

/**
 * "Supprimer le rattachement" on a selection without a structure filter: asks from which structure
 * (the manager's structures the selected users are attached to), never a single service.
 */
export function bulkDetachModal(
  messages: Messages,
  input: { userIds: string[]; structures: ManagedStructure[]; parent: SearchParent },
): types.ModalView {
  const labels = messages.userSearch;
  return {
    type: "modal",
    callback_id: CallbackIds.bulkDetachModal,
    private_metadata: encodeChildMetadata({ parent: input.parent, userIds: input.userIds }),
    title: modalText(labels.bulkDetachTitle),
    submit: modalText(labels.detachConfirm),
    close: modalText(labels.cancel),
    blocks: [
      { type: "section", text: mrkdwn(labels.bulkDetachIntro(input.userIds.length)) },
      {
        type: "input",
        block_id: BlockIds.bulkDetachStructure,
        label: plainText(labels.structure),
        element: {
          type: "static_select",
          action_id: ActionIds.bulkDetachStructure,
          options: input.structures.slice(0, LIMITS.selectOptions).map((structure) => ({
            text: plainText(structureName(structure)),
            value: structure.id,
          })),
        },
      },
    ],
  };
}

export function readBulkDetachStructure(values: StateValues): string | null {
  return (
    values[BlockIds.bulkDetachStructure]?.[ActionIds.bulkDetachStructure]?.selected_option?.value ?? null
  );
}
