import type { types } from "@slack/bolt";
import { z } from "zod";
import { formatDate, type Messages, servicesLabel } from "../../../i18n/index.ts";
import type {
  CardPerson,
  CardUser,
  LinkedStructure,
  StructureCard,
} from "../../../services/structures/load-structure-card.ts";
import { pageButtons } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { metadataCodec, pageNumber } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, BlockIds, CallbackIds, commandActionId } from "../../ids.ts";

/** Each part of a listed line (a label, a code, a name, an e-mail) is clipped to this, so a full list fits. */
const MAX_LINE = 50;

function personLine(person: CardPerson): string {
  const name = clip(`${person.firstName} ${person.lastName}`, MAX_LINE);
  return escapeMrkdwn(`${name} (${clip(person.loginEmail, MAX_LINE)})`);
}

function linkedLine(messages: Messages, structure: LinkedStructure): string {
  const status = messages.structureCard.statuses[structure.status];
  return escapeMrkdwn(`${structure.identifier} — ${clip(structure.designation, MAX_LINE)} (${status})`);
}

/** "… et 3 autres …" after a capped list, nothing when the list is whole. */
function moreLine(rest: number, more: (count: number) => string): string[] {
  return rest > 0 ? [`_${more(rest)}_`] : [];
}

function servicesText(messages: Messages, card: StructureCard): string {
  const labels = messages.structureCard;
  const lines = card.services.map((service) => {
    const line = escapeMrkdwn(`${clip(service.label, MAX_LINE)} (${clip(service.code, MAX_LINE)})`);
    return service.active ? `• ${line}` : `• ${line} _(${labels.inactiveService})_`;
  });
  if (lines.length === 0) lines.push(`_${labels.noService}_`);
  lines.push(...moreLine(card.serviceCount - card.services.length, labels.moreServices));
  return `*${labels.services(card.serviceCount)}*\n${lines.join("\n")}`;
}

function managersText(messages: Messages, card: StructureCard): string {
  const labels = messages.structureCard;
  const principal = card.principalManager ? personLine(card.principalManager) : `_${labels.nobody}_`;
  const secondaries = card.secondaryManagers.map((person) => `• ${personLine(person)}`);
  if (secondaries.length === 0) secondaries.push(`_${labels.nobody}_`);
  secondaries.push(
    ...moreLine(card.secondaryManagerCount - card.secondaryManagers.length, labels.moreManagers),
  );
  return [
    `*${labels.principalManager}*`,
    principal,
    `*${labels.secondaryManagers(card.secondaryManagerCount)}*`,
    ...secondaries,
  ].join("\n");
}

/** Which structure a card shows, and the page of its users (the modal's metadata). */
export const cardUsersPageCodec = metadataCodec(z.object({ identifier: z.string(), usersPage: pageNumber }));

/** "• *Durand Anne* (anne@…) — Actif — Utilisateur simple — Toute la structure", what is "à venir" after. */
function userLine(messages: Messages, user: CardUser): string {
  const name = escapeMrkdwn(clip(`${user.lastName} ${user.firstName}`, MAX_LINE));
  const technical = user.technical ? ` · ${messages.userSearch.technical}` : "";
  const scopes = user.attachments.map((attachment) => {
    const scope = attachment.wholeStructure
      ? messages.attachmentRequest.wholeStructure
      : clip(servicesLabel(messages, attachment.services), 2 * MAX_LINE);
    const line = `${messages.roles[attachment.role]} — ${escapeMrkdwn(scope)}`;
    return attachment.startsOn
      ? `${line} — ${messages.userSearch.upcoming(formatDate(messages, attachment.startsOn))}`
      : line;
  });
  const email = escapeMrkdwn(clip(user.loginEmail, MAX_LINE));
  return `• *${name}* (${email}) — ${messages.accountStatuses[user.status]}${technical} — ${scopes.join(" ; ")}`;
}

/** "Utilisateurs rattachés à la structure": a page of them, and the buttons to the others. */
function usersBlocks(messages: Messages, card: StructureCard): types.KnownBlock[] {
  const labels = messages.structureCard;
  const lines = card.users.map((user) => userLine(messages, user));
  if (lines.length === 0) lines.push(`_${labels.noUser}_`);
  const blocks: types.KnownBlock[] = [
    { type: "section", text: mrkdwn(`*${labels.users(card.userCount)}*\n${lines.join("\n")}`) },
  ];
  if (card.usersPageCount > 1)
    blocks.push({
      type: "context",
      elements: [mrkdwn(labels.usersPage(card.usersPage + 1, card.usersPageCount))],
    });
  blocks.push(
    ...pageButtons({
      blockId: BlockIds.structureUsersPages,
      actionIds: { previous: ActionIds.structureUsersPreviousPage, next: ActionIds.structureUsersNextPage },
      labels: { previous: labels.previousUsers, next: labels.nextUsers },
      page: card.usersPage,
      pages: card.usersPageCount,
    }),
  );
  return blocks;
}

/** A linked structure (origin or duplicate) with a button that opens its card in this modal. */
function linkedStructureBlock(
  messages: Messages,
  title: string,
  structure: LinkedStructure,
): types.SectionBlock {
  return {
    type: "section",
    text: mrkdwn(`*${title}*\n${linkedLine(messages, structure)}`),
    accessory: {
      type: "button",
      action_id: ActionIds.openStructureCard,
      text: plainText(messages.structureCard.open),
      value: structure.identifier,
    },
  };
}

function linkBlocks(messages: Messages, card: StructureCard): types.KnownBlock[] {
  const labels = messages.structureCard;
  const blocks: types.KnownBlock[] = [];
  if (card.origin) blocks.push(linkedStructureBlock(messages, labels.origin, card.origin));
  for (const duplicate of card.duplicates)
    blocks.push(linkedStructureBlock(messages, labels.duplicates, duplicate));
  const rest = card.duplicateCount - card.duplicates.length;
  if (rest > 0) blocks.push({ type: "context", elements: [mrkdwn(labels.moreDuplicates(rest))] });
  return blocks;
}

/**
 * The "fiche structure" modal: identity, services, managers, its attached users a page at a time,
 * billing mandate, the origin structure and the duplicates (each openable), and "Modifier
 * l'identifiant" when the structure may change its SIRET. At most 1 + 1 + 1 + 10 + 1 + 1 + 2 + 3 + 1 blocks, far under the
 * modal's 100. `notice`: what just happened.
 */
export function structureCardModal(
  messages: Messages,
  card: StructureCard,
  notice?: string,
): types.ModalView {
  const labels = messages.structureCard;
  const field = (label: string, value: string) =>
    mrkdwn(`*${label}*\n${escapeMrkdwn(value)}`, LIMITS.fieldText);
  const blocks: types.KnownBlock[] = [];
  if (notice)
    blocks.push({ type: "context", elements: [mrkdwn(`:white_check_mark: ${escapeMrkdwn(notice)}`)] });
  blocks.push(
    {
      type: "section",
      fields: [
        field(labels.designation, clip(card.designation, 1900)),
        field(labels.identifier, `${card.identifier} (${labels.identifierTypes[card.identifierType]})`),
        field(labels.kind, labels.kinds[card.kind]),
        field(labels.status, labels.statuses[card.status]),
        field(labels.billingMandate, card.hasBillingMandate ? labels.yes : labels.no),
      ],
    },
    ...linkBlocks(messages, card),
    { type: "divider" },
    { type: "section", text: mrkdwn(servicesText(messages, card)) },
    { type: "section", text: mrkdwn(managersText(messages, card)) },
    ...usersBlocks(messages, card),
  );
  // The guide's buttons of the structure: "Rattacher un utilisateur", "Modifier l'identifiant".
  const actions: types.Button[] = [];
  if (card.status === "ACTIVE") {
    actions.push({
      type: "button",
      action_id: ActionIds.attachUserOpen,
      text: plainText(messages.attachUser.homeButton),
      value: card.id,
    });
  }
  if (card.canEdit) {
    actions.push({
      type: "button",
      action_id: ActionIds.editStructureOpen,
      text: plainText(messages.structureEdit.open),
      value: card.id,
    });
    actions.push({
      type: "button",
      action_id: ActionIds.manageServicesOpen,
      text: plainText(messages.serviceAdmin.open),
      value: card.id,
    });
    // The guide's « Créer un utilisateur technique », in the structure's users block: `/chorus technique`.
    const technical = `technique ${card.identifier}`;
    actions.push({
      type: "button",
      action_id: commandActionId(technical),
      text: plainText(messages.structureEdit.technicalUser),
      value: technical,
    });
  }
  if (card.canChangeIdentifier) {
    actions.push({
      type: "button",
      action_id: ActionIds.changeStructureIdentifier,
      text: plainText(labels.changeIdentifier),
      value: card.id,
    });
  }
  if (actions.length > 0) {
    blocks.push({ type: "actions", block_id: BlockIds.structureCardActions, elements: actions });
  }
  return {
    type: "modal",
    callback_id: CallbackIds.structureCardModal,
    private_metadata: cardUsersPageCodec.encode({ identifier: card.identifier, usersPage: card.usersPage }),
    title: modalText(labels.title),
    close: modalText(labels.close),
    blocks,
  };
}
