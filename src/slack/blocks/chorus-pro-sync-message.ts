import type { types } from "@slack/bolt";
import type { Space } from "../../generated/prisma/enums.ts";
import { type Messages, spacesLabel } from "../../i18n/index.ts";
import type { SyncReport } from "../../services/chorus-pro/sync-structure.ts";
import { commandActionId } from "../ids.ts";
import { LIMITS } from "./limits.ts";
import { structureTitle } from "./pending-lines.ts";
import { escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

const named = (service: { code: string; label: string }) =>
  escapeMrkdwn(`${service.label} (${service.code})`);

/** One line per change the sync applied. */
function changeLines(messages: Messages, { applied }: SyncReport): string[] {
  const labels = messages.chorusProSync;
  const spaces = (list: readonly Space[]) => spacesLabel(messages, list) || labels.none;
  const lines: string[] = [];
  if (applied.designation)
    lines.push(
      labels.designation(escapeMrkdwn(applied.designation.from), escapeMrkdwn(applied.designation.to)),
    );
  if (applied.spaces) {
    const { from, to } = applied.spaces;
    const added = to.filter((space) => !from.includes(space));
    const removed = from.filter((space) => !to.includes(space));
    if (added.length > 0) lines.push(labels.spacesAdded(spaces(added)));
    if (removed.length > 0) lines.push(labels.spacesRemoved(spaces(removed)));
  }
  for (const service of applied.newServices) lines.push(labels.newService(named(service)));
  for (const service of applied.changedServices) {
    if (service.label)
      lines.push(
        labels.renamed(
          escapeMrkdwn(service.code),
          escapeMrkdwn(service.label.from),
          escapeMrkdwn(service.label.to),
        ),
      );
    if (service.spaces)
      lines.push(labels.serviceSpaces(escapeMrkdwn(service.code), spaces(service.spaces.to)));
  }
  for (const service of applied.deactivatedServices) lines.push(labels.deactivated(named(service)));
  for (const service of applied.reactivatedServices) lines.push(labels.reactivated(named(service)));
  return lines;
}

/**
 * « Mise à jour depuis Chorus Pro »: what the sync applied, then each service Chorus Pro deactivated
 * that people still depend on, kept active for the managers to decide, with « Voir la structure ».
 */
export function chorusProSyncMessage(
  messages: Messages,
  report: SyncReport,
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.chorusProSync;
  const lines = changeLines(messages, report);
  const blocks: types.KnownBlock[] = [{ type: "header", text: plainText(labels.title, LIMITS.headerText) }];
  if (lines.length > 0)
    blocks.push({
      type: "section",
      text: mrkdwn(`${labels.intro(structureTitle(report.structure))}\n${lines.join("\n")}`),
    });
  if (report.kept.length > 0) {
    const kept = report.kept.map((service) =>
      labels.kept(named(service), service.attachedUsers, service.pendingRequests),
    );
    blocks.push({
      type: "section",
      text: mrkdwn(`*${labels.keptTitle}* · ${structureTitle(report.structure)}\n${kept.join("\n")}`),
    });
  }
  const command = `structure ${report.structure.identifier}`;
  blocks.push({
    type: "actions",
    elements: [
      { type: "button", action_id: commandActionId(command), text: plainText(labels.open), value: command },
    ],
  });
  return { text: labels.notification(escapeMrkdwn(report.structure.designation)), blocks };
}
