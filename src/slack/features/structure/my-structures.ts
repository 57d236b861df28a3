import type { types } from "@slack/bolt";
import type { Messages } from "../../../i18n/index.ts";
import {
  findManagedStructures,
  type ManagedStructure,
} from "../../../services/requests/list-manager-requests.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { commandActionId } from "../../ids.ts";
import { noWords, subcommand } from "../../listeners/subcommand.ts";

/** Room for the intro and the "… et N autres" line under a modal's 100 blocks. */
const MAX_LISTED = LIMITS.viewBlocks - 2;

/**
 * "Mes structures": every active structure the manager manages, each with « Voir la structure »
 * (its card, where it is consulted and changed). Beyond a modal's blocks, the rest are counted and
 * reached by identifier.
 */
export function myStructuresModal(
  messages: Messages,
  structures: readonly ManagedStructure[],
): types.ModalView {
  const labels = messages.myStructures;
  const listed = structures.slice(0, MAX_LISTED);
  const blocks: types.KnownBlock[] = [
    {
      type: "context",
      elements: [mrkdwn(structures.length === 0 ? labels.none : labels.intro(structures.length))],
    },
    ...listed.map(
      (structure): types.KnownBlock => ({
        type: "section",
        text: mrkdwn(`*${escapeMrkdwn(structure.designation)}*\n${escapeMrkdwn(structure.identifier)}`),
        accessory: {
          type: "button",
          action_id: commandActionId("structure"),
          text: plainText(labels.open),
          value: `structure ${structure.identifier}`,
        },
      }),
    ),
  ];
  if (structures.length > listed.length) {
    blocks.push({ type: "context", elements: [mrkdwn(labels.more(structures.length - listed.length))] });
  }
  return { type: "modal", title: modalText(labels.title), close: modalText(labels.close), blocks };
}

/** `/chorus structures`: « Mes structures ». */
export const myStructuresCommand = subcommand({
  words: ["structures"],
  help: (messages) => messages.commands.lines.structures,
  parse: noWords,
  who: "account",
  run: async ({ deps, messages, openModal }, _, manager) =>
    openModal(myStructuresModal(messages, await findManagedStructures(deps.ctx.prisma, manager))),
});
