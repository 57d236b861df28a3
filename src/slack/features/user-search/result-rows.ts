import type { types } from "@slack/bolt";
import { z } from "zod";
import { formatDate, type Messages, servicesLabel } from "../../../i18n/index.ts";
import type { FoundAttachment, FoundUser } from "../../../services/accounts/search-users.ts";
import type { ManagedStructure } from "../../../services/requests/list-manager-requests.ts";
import { dangerConfirmation } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds } from "../../ids.ts";

/** Block Kit caps an actions block at 25 elements. */
const MAX_ROW_BUTTONS = LIMITS.actionsElements;

/** Structures listed in a result row; "Voir le détail" lists them all. */
const MAX_ROW_STRUCTURES = 8;

/** One attachment of a found user: structure, role, whole structure or services. */
export function attachmentLine(messages: Messages, attachment: FoundAttachment): string {
  const scope = attachment.wholeStructure
    ? messages.attachmentRequest.wholeStructure
    : servicesLabel(messages, attachment.services);
  const line = messages.userSearch.attachmentLine(
    escapeMrkdwn(`${attachment.structure.designation} (${attachment.structure.identifier})`),
    messages.roles[attachment.role],
    escapeMrkdwn(scope),
  );
  return attachment.startsOn
    ? `${line} — ${messages.userSearch.upcoming(formatDate(messages, attachment.startsOn))}`
    : line;
}

/** A found user's name, login e-mail, status, and whether it is a technical user. */
export function userHeadline(messages: Messages, user: FoundUser): string {
  const status = messages.accountStatuses[user.status];
  const kind = user.technical ? ` · ${messages.userSearch.technical}` : "";
  return `*${escapeMrkdwn(`${user.lastName} ${user.firstName}`)}* · ${escapeMrkdwn(user.loginEmail)}\n${status}${kind}`;
}

function userRowText(messages: Messages, user: FoundUser): string {
  const lines = [
    ...user.attachments.map((attachment) => attachmentLine(messages, attachment)),
    ...user.pendingRequests.map((request) =>
      messages.userSearch.pendingRequestLine(
        escapeMrkdwn(`${request.structure.designation} (${request.structure.identifier})`),
      ),
    ),
  ];
  const shown = lines.slice(0, MAX_ROW_STRUCTURES);
  if (lines.length > shown.length)
    shown.push(messages.userSearch.moreStructures(lines.length - shown.length));
  return clip([userHeadline(messages, user), ...shown].join("\n"), LIMITS.sectionText);
}

function rowMenu(messages: Messages, user: FoundUser): types.Overflow {
  const labels = messages.userSearch;
  const option = (action: RowMenuAction, text: string) => ({
    text: plainText(text),
    value: `${action}:${user.id}`,
  });
  return {
    type: "overflow",
    action_id: ActionIds.userSearchRowMenu,
    options: [
      option("detail", labels.showDetail),
      option("edit", labels.editUser),
      ...(user.technical ? [] : [option("attach_other", messages.modifyAttachment.otherStructure)]),
      ...(user.status === "PENDING_ACTIVATION" ? [option("activation", labels.sendActivation)] : []),
    ],
  };
}

/**
 * Buttons of one kind repeat in a row (one per structure or request) but action ids must be unique in
 * an actions block: they are numbered, and the listener is registered on the pattern.
 */
function numberedActionId(base: string, index: number): string {
  return `${base}_${index}`;
}

export function numberedActionPattern(base: string): RegExp {
  return new RegExp(`^${base}_\\d+$`);
}

/** "Désignation (identifiant)", as every list of the search shows a structure. */
export function structureName(structure: Pick<ManagedStructure, "identifier" | "designation">): string {
  return `${structure.designation} (${structure.identifier})`;
}

function rowButtons(messages: Messages, user: FoundUser): types.Button[] {
  const labels = messages.userSearch;
  const requests = user.pendingRequests.flatMap((request, index): types.Button[] => [
    {
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchValidateRequest, index),
      text: plainText(labels.validateRequest(request.structure.designation)),
      value: request.id,
      style: "primary",
    },
    {
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchRefuseRequest, index),
      text: plainText(labels.refuseRequest(request.structure.designation)),
      value: request.id,
    },
  ]);
  // The principal manager is never detached here (the structure would lose its principal).
  const detachable = user.attachments.filter((attachment) => attachment.role !== "PRINCIPAL_MANAGER");
  const detach = detachable.map(
    (attachment, index): types.Button => ({
      type: "button",
      action_id: numberedActionId(ActionIds.userSearchDetach, index),
      text: plainText(labels.detach(attachment.structure.designation)),
      value: detachValueCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
      style: "danger",
      confirm: dangerConfirmation({
        title: labels.detachConfirmTitle,
        text: labels.detachConfirmText(
          `${user.firstName} ${user.lastName}`,
          structureName(attachment.structure),
        ),
        confirm: labels.detachConfirm,
        deny: labels.cancel,
      }),
    }),
  );
  // Its handler (technical users) is registered on the exact id: one per row, the others in the detail.
  const [first] = user.attachments;
  const resetPassword = user.technical && first ? [resetPasswordButton(messages, user, first)] : [];
  return [...requests, ...detach, ...resetPassword].slice(0, MAX_ROW_BUTTONS);
}

/** A technical user's "Réinitialiser le mot de passe" on one structure. */
export function resetPasswordButton(
  messages: Messages,
  user: FoundUser,
  attachment: FoundAttachment,
): types.Button {
  return {
    type: "button",
    action_id: ActionIds.resetTechnicalPassword,
    text: plainText(messages.userSearch.resetTechnicalPassword(attachment.structure.designation)),
    value: detachValueCodec.encode({ structureId: attachment.structure.id, userId: user.id }),
  };
}

/** One result: the user and their structures, their menu, and their row's buttons. */
export function userRowBlocks(messages: Messages, user: FoundUser): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    {
      type: "section",
      block_id: `${BlockIds.userSearchRowPrefix}${user.id}`,
      text: mrkdwn(userRowText(messages, user)),
      accessory: rowMenu(messages, user),
    },
  ];
  const buttons = rowButtons(messages, user);
  if (buttons.length > 0) {
    blocks.push({
      type: "actions",
      block_id: `${BlockIds.userSearchRowActionsPrefix}${user.id}`,
      elements: buttons,
    });
  }
  return blocks;
}

/** The entries of a row's menu: "Voir le détail", "Modifier l'utilisateur", the activation e-mail. */
const ROW_MENU_ACTIONS = ["detail", "edit", "attach_other", "activation"] as const;
export type RowMenuAction = (typeof ROW_MENU_ACTIONS)[number];

export function parseRowMenuValue(
  value: string | undefined,
): { action: RowMenuAction; userId: string } | null {
  const [action, userId] = (value ?? "").split(":");
  const known = ROW_MENU_ACTIONS.find((candidate) => candidate === action);
  return userId && known ? { action: known, userId } : null;
}

/** A row's "Supprimer le rattachement" value: the structure and the user. */
const detachValueCodec = metadataCodec(z.object({ structureId: z.string(), userId: z.string() }));
export const parseDetachValue = detachValueCodec.decode;
