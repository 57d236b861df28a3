import type { types } from "@slack/bolt";
import type { Messages } from "../../../i18n/index.ts";
import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import { MAX_NAME_LENGTH } from "../../../services/accounts/update-user.ts";
import type { StateValues } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../ids.ts";
import { encodeChildMetadata, type SearchParent } from "./search-state.ts";

function nameInput(blockId: string, actionId: string, label: string, value: string | null): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plainText(label),
    element: {
      type: "plain_text_input",
      action_id: actionId,
      max_length: MAX_NAME_LENGTH,
      ...(value ? { initial_value: value } : {}),
    },
  };
}

/** "Modifier l'utilisateur" (pushed): names and contact e-mail; the login e-mail is shown, not edited. */
export function updateUserModal(
  messages: Messages,
  user: AccountSummary & { contactEmail: string | null },
  parent: SearchParent,
): types.ModalView {
  const labels = messages.userSearch;
  return {
    type: "modal",
    callback_id: CallbackIds.updateUserModal,
    private_metadata: encodeChildMetadata({ parent, userIds: [user.id] }),
    title: modalText(labels.editTitle),
    submit: modalText(labels.save),
    close: modalText(labels.cancel),
    blocks: [
      {
        type: "section",
        text: mrkdwn(`${labels.loginEmail}${messages.colon}${escapeMrkdwn(user.loginEmail)}`),
      },
      nameInput(BlockIds.updateUserLastName, ActionIds.updateUserLastName, labels.lastName, user.lastName),
      nameInput(
        BlockIds.updateUserFirstName,
        ActionIds.updateUserFirstName,
        labels.firstName,
        user.firstName,
      ),
      {
        type: "input",
        block_id: BlockIds.updateUserContactEmail,
        optional: true,
        label: plainText(labels.contactEmail),
        hint: plainText(labels.contactEmailHint, LIMITS.inputLabel),
        element: {
          type: "email_text_input",
          action_id: ActionIds.updateUserContactEmail,
          ...(user.contactEmail ? { initial_value: user.contactEmail } : {}),
        },
      },
    ],
  };
}

export function readUpdateUser(values: StateValues) {
  return {
    lastName: values[BlockIds.updateUserLastName]?.[ActionIds.updateUserLastName]?.value ?? "",
    firstName: values[BlockIds.updateUserFirstName]?.[ActionIds.updateUserFirstName]?.value ?? "",
    contactEmail: values[BlockIds.updateUserContactEmail]?.[ActionIds.updateUserContactEmail]?.value ?? null,
  };
}

export const updateUserFieldBlocks: Record<string, string> = {
  lastName: BlockIds.updateUserLastName,
  firstName: BlockIds.updateUserFirstName,
  contactEmail: BlockIds.updateUserContactEmail,
};
