import type { types } from "@slack/bolt";
import type { AttachmentScopeByCode } from "../../../domain/chorus-pro-sync.ts";
import type { Messages } from "../../../i18n/index.ts";
import type { AttachmentComparison } from "../../../services/chorus-pro/compare-attachment.ts";
import { dangerConfirmation, noticeView } from "../../blocks/kit.ts";
import { clip, escapeMrkdwn, modalText, mrkdwn, plainText } from "../../blocks/text.ts";
import { ActionIds } from "../../ids.ts";
import { attachmentTargetCodec } from "../user-search/modify-attachment-modals.ts";

function scopeLabel(messages: Messages, scope: AttachmentScopeByCode | null): string {
  const labels = messages.chorusProStatus;
  if (!scope) return labels.nothing;
  return scope.wholeStructure ? labels.wholeStructure : escapeMrkdwn(scope.serviceCodes.join(", "));
}

/** « Lecture de Chorus Pro… », shown at once while Chorus Pro is read. */
export function statusLoadingModal(messages: Messages): types.ModalView {
  const labels = messages.chorusProStatus;
  return noticeView({ title: labels.title, close: labels.close }, labels.loading);
}

/**
 * « Statut dans Chorus Pro »: the user's attachment here (role and scope) beside each line Chorus Pro
 * holds (service and status), whether they agree, « Aligner sur Chorus Pro » when they do not, and
 * the outcome of an alignment just made.
 */
export function statusModal(
  messages: Messages,
  comparison: AttachmentComparison,
  outcome?: string,
): types.ModalView {
  const labels = messages.chorusProStatus;
  const here = comparison.here
    ? `${messages.roles[comparison.here.role]} – ${scopeLabel(messages, comparison.here)}`
    : labels.nothing;
  const lines = comparison.chorusPro.map(
    (line) =>
      `• ${escapeMrkdwn(line.serviceCode ? `${line.serviceLabel ?? ""} (${line.serviceCode})` : labels.wholeStructure)} – ${labels.statuses[line.status] ?? line.status}`,
  );
  const structure = `${comparison.structure.designation} (${comparison.structure.identifier})`;
  const blocks: types.KnownBlock[] = [
    ...(outcome ? [{ type: "section" as const, text: mrkdwn(outcome) }] : []),
    {
      type: "section",
      text: mrkdwn(labels.heading(escapeMrkdwn(comparison.user.name), escapeMrkdwn(structure))),
    },
    {
      type: "section",
      fields: [
        mrkdwn(`*${labels.here}*\n${here}`),
        mrkdwn(
          clip(`*${labels.inChorusPro}*\n${lines.length > 0 ? lines.join("\n") : labels.nothing}`, 1900),
        ),
      ],
    },
    { type: "context", elements: [mrkdwn(comparison.differs ? labels.differs : labels.same)] },
  ];
  if (comparison.differs) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          style: "danger",
          action_id: ActionIds.chorusProAlign,
          text: plainText(labels.align),
          value: attachmentTargetCodec.encode({
            structureId: comparison.structure.id,
            userId: comparison.user.id,
          }),
          confirm: dangerConfirmation(labels.alignConfirm),
        },
      ],
    });
  }
  return { type: "modal", title: modalText(labels.title), close: modalText(labels.close), blocks };
}
