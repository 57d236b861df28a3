import type { types } from "@slack/bolt";
import { parisDay } from "../../../domain/dates.ts";
import type { StructurePending } from "../../../domain/pending-requests.ts";
import { REQUEST_TYPES } from "../../../domain/requests.ts";
import { formatDate, formatDateTime, type Messages } from "../../../i18n/index.ts";
import type { NamedAbsence } from "../../../services/absences/manager-absences.ts";
import { dangerConfirmation } from "../../blocks/kit.ts";
import { LIMITS } from "../../blocks/limits.ts";
import { pendingCountSection, structureTitle } from "../../blocks/pending-lines.ts";
import { escapeMrkdwn, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds, commandActionId } from "../../ids.ts";
import { type MyRequests, myRequestsBlocks } from "../requester/my-requests-blocks.ts";

/** A structure takes its title, one section per request type, and its buttons. */
const BLOCKS_PER_STRUCTURE = 2 + REQUEST_TYPES.length;

function totalPending(structure: StructurePending): number {
  return REQUEST_TYPES.reduce((sum, type) => sum + structure.pending[type].count, 0);
}

function oldestPending(structure: StructurePending): number {
  const dates = REQUEST_TYPES.flatMap((type) => structure.pending[type].oldestAt?.getTime() ?? []);
  return dates.length > 0 ? Math.min(...dates) : Number.POSITIVE_INFINITY;
}

/** Most pending first (then the longest waiting), so what is cut by the block limit matters least. */
function byUrgency(left: StructurePending, right: StructurePending): number {
  return (
    totalPending(right) - totalPending(left) ||
    oldestPending(left) - oldestPending(right) ||
    left.designation.localeCompare(right.designation)
  );
}

function homeHeader(messages: Messages, now: Date): types.KnownBlock[] {
  return [
    { type: "header", text: plainText(messages.home.title, LIMITS.headerText) },
    { type: "context", elements: [mrkdwn(messages.home.updatedAt(formatDateTime(messages, now)))] },
  ];
}

/** A button running a `/chorus` sub-command (listeners/chorus-command.ts): every one is a click away. */
function commandButton(text: string, command: string): types.Button {
  return { type: "button", action_id: commandActionId(command), text: plainText(text), value: command };
}

/**
 * The synthesis screen's own buttons, above the structures (the guide's "Activités du gestionnaire"),
 * and « Déclarer une absence » (« Modifier l'absence » once declared).
 */
function managerActions(messages: Messages, absent: boolean): types.KnownBlock {
  const labels = messages.home.actions;
  return {
    type: "actions",
    elements: [
      commandButton(labels.searchUsers, "utilisateurs"),
      commandButton(labels.fluxRejects, "rejets"),
      commandButton(labels.myStructures, "structures"),
      commandButton(labels.pendingList, "demandes"),
      commandButton(absent ? messages.absence.edit : messages.absence.homeButton, "absence"),
    ],
  };
}

/** « Vous êtes absent du … au … – délégué : … », with « Terminer l'absence ». */
function absenceSection(messages: Messages, absence: NamedAbsence, now: Date): types.KnownBlock {
  const labels = messages.absence;
  const started = absence.startsOn.getTime() <= parisDay(now).getTime();
  return {
    type: "section",
    text: mrkdwn(
      labels.homeStatus(
        formatDate(messages, absence.startsOn),
        formatDate(messages, absence.endsOn),
        absence.delegateName ? escapeMrkdwn(absence.delegateName) : null,
        started,
      ),
    ),
    accessory: {
      type: "button",
      action_id: ActionIds.absenceEnd,
      text: plainText(labels.end),
      confirm: dangerConfirmation(labels.endConfirm),
    },
  };
}

/** A structure's buttons: its card, "Rattacher un utilisateur", its history and its users' export. */
function structureActions(messages: Messages, structure: StructurePending): types.KnownBlock {
  const labels = messages.home.actions;
  return {
    type: "actions",
    elements: [
      commandButton(labels.viewStructure, `structure ${structure.identifier}`),
      // The guide's "Rattacher un utilisateur" button of the structure.
      {
        type: "button",
        action_id: ActionIds.attachUserOpen,
        text: plainText(messages.attachUser.homeButton),
        value: structure.structureId,
      },
      commandButton(labels.history, `historique ${structure.identifier}`),
      commandButton(labels.exportUsers, `exporter ${structure.identifier}`),
    ],
  };
}

/**
 * A manager's Home tab, the guide's synthesis screen: « Rechercher un utilisateur », « Accéder aux
 * rejets EDI », « Mes structures » and the pending list at the top; per structure managed, the pending
 * requests of each type and the oldest one's age (a button opening each list), then « Voir la
 * structure », « Rattacher un utilisateur », « Historique » and « Exporter ». A structure with nothing
 * pending shows its zeros. Beyond the 100-block limit, the structures with the most pending are kept
 * and the rest counted.
 */
export function managerHomeView(
  messages: Messages,
  structures: StructurePending[],
  now: Date,
  mine: MyRequests = { requests: [], total: 0 },
  absence: NamedAbsence | null = null,
): types.HomeView {
  const blocks = homeHeader(messages, now);
  // « Mes demandes » closes the tab: a manager may be a requester elsewhere too.
  const own = mine.total > 0 || structures.length === 0 ? myRequestsBlocks(messages, mine) : [];
  if (structures.length === 0) {
    blocks.push(
      { type: "section", text: mrkdwn(messages.home.noStructure) },
      requesterActions(messages),
      ...own,
    );
    return { type: "home", blocks };
  }
  blocks.push(managerActions(messages, absence !== null));
  if (absence) blocks.push(absenceSection(messages, absence, now));
  const room = LIMITS.viewBlocks - blocks.length - own.length;
  const fitsAll = structures.length * BLOCKS_PER_STRUCTURE <= room;
  // Otherwise one block is kept for the "… et N autres structures" line.
  const shown = fitsAll ? structures.length : Math.floor((room - 1) / BLOCKS_PER_STRUCTURE);
  const sorted = [...structures].sort(byUrgency);
  for (const structure of sorted.slice(0, shown)) {
    blocks.push({ type: "section", text: mrkdwn(structureTitle(structure)) });
    for (const type of REQUEST_TYPES) {
      blocks.push(
        pendingCountSection(messages, {
          structureId: structure.structureId,
          type,
          pending: structure.pending[type],
          now,
        }),
      );
    }
    blocks.push(structureActions(messages, structure));
  }
  if (!fitsAll) {
    blocks.push({
      type: "context",
      elements: [mrkdwn(messages.home.moreStructures(structures.length - shown))],
    });
  }
  blocks.push(...own);
  return { type: "home", blocks };
}

/** What anyone may do from the Home tab, manager or not: « Demander un rattachement » (`/chorus rejoindre`). */
function requesterActions(messages: Messages): types.KnownBlock {
  return { type: "actions", elements: [commandButton(messages.askFromSlack.homeJoin, "rejoindre")] };
}

/**
 * The Home tab of someone the app cannot serve as a manager (no account yet…), saying why, with
 * « Demander un rattachement », which someone without an account may use too.
 */
export function noticeHomeView(messages: Messages, text: string, now: Date): types.HomeView {
  return {
    type: "home",
    blocks: [
      ...homeHeader(messages, now),
      { type: "section", text: mrkdwn(text) },
      requesterActions(messages),
    ],
  };
}
