import type { types } from "@slack/bolt";
import { z } from "zod";
import type { RequestDetails } from "../../../domain/requests.ts";
import { formatDateTime, type Messages } from "../../../i18n/index.ts";
import { dangerConfirmation } from "../../blocks/kit.ts";
import { metadataCodec } from "../../blocks/metadata.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel, plainText } from "../../blocks/text.ts";
import { ActionIds } from "../../ids.ts";

/** The request a « Mes demandes » button is about. */
export const ownRequestCodec = metadataCodec(
  z.object({ type: z.enum(["attachment", "subscription"]), requestId: z.string() }),
);

/** A requester's requests, as their Home tab shows them. */
export interface MyRequests {
  requests: RequestDetails[];
  total: number;
}

/** The most blocks « Mes demandes » takes: its title, two per request, and the "… et N plus anciennes" line. */
export function myRequestsBlockCount(mine: MyRequests): number {
  return 1 + mine.requests.length * 2 + 1;
}

function statusLine(messages: Messages, request: RequestDetails): string {
  const labels = messages.myRequests;
  const status = labels.statuses[request.status as keyof typeof labels.statuses] ?? request.status;
  const decision = request.decision;
  if (!decision) return status;
  const when = formatDateTime(messages, decision.at);
  const by = "by" in decision ? ` ${labels.decidedBy(personLabel(decision.by), when)}` : ` (${when})`;
  const reason =
    decision.outcome === "REFUSED" ? `\n${escapeMrkdwn(labels.reason(clip(decision.reason, 500)))}` : "";
  return `${status}${by}${reason}`;
}

function requestBlocks(messages: Messages, request: RequestDetails): types.KnownBlock[] {
  const labels = messages.myRequests;
  const structure = escapeMrkdwn(
    `${clip(request.structure.designation, 80)} (${request.structure.identifier})`,
  );
  const head = labels.line(
    messages.requestKinds[request.type],
    structure,
    formatDateTime(messages, request.createdAt),
  );
  const blocks: types.KnownBlock[] = [
    { type: "section", text: mrkdwn(`${head}\n${statusLine(messages, request)}`) },
  ];
  if (request.status === "PENDING") {
    const value = ownRequestCodec.encode({ type: request.type, requestId: request.id });
    blocks.push({
      type: "actions",
      elements: [
        { type: "button", action_id: ActionIds.myRequestRemind, text: plainText(labels.remind), value },
        {
          type: "button",
          action_id: ActionIds.myRequestCancel,
          text: plainText(labels.cancel),
          style: "danger",
          value,
          confirm: dangerConfirmation({
            title: labels.cancelConfirmTitle,
            text: labels.cancelConfirmText,
            confirm: labels.cancelConfirm,
            deny: labels.cancelKeep,
          }),
        },
      ],
    });
  }
  return blocks;
}

/**
 * « Mes demandes »: the requester's latest requests, each with its status, date, who decided and the
 * refusal reason, and « Relancer » / « Annuler » while it waits.
 */
export function myRequestsBlocks(messages: Messages, mine: MyRequests): types.KnownBlock[] {
  const labels = messages.myRequests;
  const blocks: types.KnownBlock[] = [{ type: "header", text: plainText(labels.title) }];
  if (mine.requests.length === 0) {
    blocks.push({ type: "section", text: mrkdwn(labels.none) });
    return blocks;
  }
  for (const request of mine.requests) blocks.push(...requestBlocks(messages, request));
  const older = mine.total - mine.requests.length;
  if (older > 0) blocks.push({ type: "context", elements: [mrkdwn(labels.more(older))] });
  return blocks;
}
