import type { types } from "@slack/bolt";
import type { RequestDetails, SubscriptionRequestDetails } from "../../domain/requests.ts";
import {
  formatDateTime,
  type Messages,
  servicesLabel,
  spacesLabel,
  subscriptionItemLabel,
} from "../../i18n/index.ts";
import { ActionIds, BlockIds, DecisionActionIds } from "../ids.ts";
import { type AbsenceNote, absenceNotesBlocks } from "./absence-notes.ts";
import { LIMITS } from "./limits.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel, plainText } from "./text.ts";

/** How many spaces a message lists before summarising the rest (a section holds 3,000 characters). */
const MAX_LISTED_ITEMS = 25;

/** "• Factures reçues — tous les services — Modification" lines, with the access asked or granted. */
export function subscriptionLines(
  messages: Messages,
  request: SubscriptionRequestDetails,
  access: "requested" | "granted",
): string {
  const lines = request.items
    .slice(0, MAX_LISTED_ITEMS)
    .map(
      (item) =>
        `• ${escapeMrkdwn(subscriptionItemLabel(messages, item, access === "granted" ? (item.grantedAccess ?? item.requestedAccess) : item.requestedAccess))}`,
    );
  const rest = request.items.length - lines.length;
  return rest > 0 ? [...lines, `… (+${rest})`].join("\n") : lines.join("\n");
}

function title(messages: Messages, request: RequestDetails): string {
  if (request.type === "attachment") return messages.attachmentRequest.newRequest;
  return request.origin === "AUTOMATIC"
    ? messages.subscriptionRequest.automaticRequest
    : messages.subscriptionRequest.newRequest;
}

/** What is asked for: services (or the whole structure), or spaces with their access. */
function askedBlocks(messages: Messages, request: RequestDetails): types.KnownBlock[] {
  if (request.type === "attachment") {
    const services = servicesLabel(messages, request.requestedServices);
    return [
      {
        type: "section",
        text: mrkdwn(
          `*${messages.attachmentRequest.requestedServices}*\n${escapeMrkdwn(clip(services, 2900))}`,
        ),
      },
    ];
  }
  return [
    {
      type: "section",
      text: mrkdwn(
        `*${messages.subscriptionRequest.requestedSpaces}*\n${subscriptionLines(messages, request, "requested")}`,
      ),
    },
  ];
}

/**
 * The message showing a request of either kind: the same builder renders it pending (with its
 * buttons, and who among the structure's managers is away) and decided (outcome, who, when, without
 * buttons), so every copy is updated with it.
 */
export function requestMessage(
  messages: Messages,
  request: RequestDetails,
  absences: readonly AbsenceNote[] = [],
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.attachmentRequest;
  const requesterName = `${request.requester.firstName} ${request.requester.lastName}`;
  const structureName = `${request.structure.designation} (${request.structure.identifier})`;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(title(messages, request), LIMITS.headerText) },
    {
      type: "section",
      fields: [
        mrkdwn(`*${labels.structure}*\n${escapeMrkdwn(clip(structureName, 1900))}`, LIMITS.fieldText),
        mrkdwn(
          `*${labels.requester}*\n${escapeMrkdwn(clip(`${requesterName} (${request.requester.loginEmail})`, 1900))}`,
          LIMITS.fieldText,
        ),
        mrkdwn(`*${labels.requestedOn}*\n${formatDateTime(messages, request.createdAt)}`, LIMITS.fieldText),
      ],
    },
    ...askedBlocks(messages, request),
    {
      type: "section",
      text: mrkdwn(
        `*${labels.comment}*\n${request.comment ? escapeMrkdwn(clip(request.comment, 2800)) : `_${labels.noComment}_`}`,
      ),
    },
    ...(request.decision ? [] : absenceNotesBlocks(messages, absences)),
    ...outcomeBlocks(messages, request),
  ];
  const text =
    request.type === "attachment"
      ? labels.notificationText(structureName, requesterName)
      : messages.subscriptionRequest.notificationText(structureName, requesterName);
  return { text, blocks };
}

function validatedLines(messages: Messages, request: RequestDetails): string[] {
  const labels = messages.attachmentRequest;
  if (request.type === "subscription") {
    return [
      `*${messages.subscriptionRequest.grantedAccess}*\n${subscriptionLines(messages, request, "granted")}`,
    ];
  }
  const decision = request.decision;
  if (decision?.outcome !== "VALIDATED") return [];
  const scope = decision.wholeStructure
    ? labels.wholeStructure
    : servicesLabel(messages, decision.grantedServices);
  return [
    `*${labels.grantedRole}*${messages.colon}${messages.roles[decision.role]}`,
    `*${labels.grantedScope}*${messages.colon}${escapeMrkdwn(clip(scope, 1000))}`,
    ...(decision.grantedSpaces.length > 0
      ? [`*${labels.grantedSpaces}*${messages.colon}${spacesLabel(messages, decision.grantedSpaces)}`]
      : []),
  ];
}

function outcomeBlocks(messages: Messages, request: RequestDetails): types.KnownBlock[] {
  const labels = messages.attachmentRequest;
  const decision = request.decision;
  if (!decision) {
    const actionIds = DecisionActionIds[request.type];
    return [
      {
        type: "actions",
        block_id: BlockIds.actions,
        elements: [
          {
            type: "button",
            action_id: actionIds.validate,
            text: plainText(labels.validate),
            style: "primary",
            value: request.id,
          },
          {
            type: "button",
            action_id: actionIds.refuse,
            text: plainText(labels.refuse),
            style: "danger",
            value: request.id,
          },
          {
            type: "button",
            action_id: ActionIds.askQuestionOpen,
            text: plainText(messages.requestQuestions.ask),
            value: JSON.stringify({ type: request.type, requestId: request.id }),
          },
        ],
      },
    ];
  }
  const when = formatDateTime(messages, decision.at);
  if (decision.outcome !== "VALIDATED" && decision.outcome !== "REFUSED") {
    const closedBy = {
      DEACTIVATED: labels.deactivatedOn,
      CANCELLED: labels.cancelledOn,
      EXPIRED: labels.expiredOn,
    };
    const closed = closedBy[decision.outcome](when);
    return [{ type: "divider" }, { type: "section", text: mrkdwn(`:no_entry_sign: *${closed}*`) }];
  }
  if (decision.outcome === "REFUSED") {
    return [
      { type: "divider" },
      {
        type: "section",
        text: mrkdwn(
          `:x: *${labels.refusedBy(personLabel(decision.by), when)}*\n*${labels.refusalReason}*${messages.colon}${escapeMrkdwn(clip(decision.reason, 2500))}`,
        ),
      },
    ];
  }
  const lines = [
    `:white_check_mark: *${labels.validatedBy(personLabel(decision.by), when)}*`,
    ...validatedLines(messages, request),
  ];
  if (decision.comment) {
    lines.push(`*${labels.managerComment}*${messages.colon}${escapeMrkdwn(clip(decision.comment, 1000))}`);
  }
  return [{ type: "divider" }, { type: "section", text: mrkdwn(lines.join("\n")) }];
}
