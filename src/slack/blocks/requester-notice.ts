import type { types } from "@slack/bolt";
import type { RequestDetails } from "../../domain/requests.ts";
import type { Messages } from "../../i18n/index.ts";
import { decisionParagraphs } from "../../notify/emails.ts";
import { commandActionId } from "../ids.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel, plainText } from "./text.ts";

/** Requests told in one DM before "… et N autres" (a bulk run may decide many of one requester's). */
const MAX_TOLD = 20;

/**
 * The requester's DM: for each of their requests just decided or closed, what the e-mail says (the
 * outcome, the role, services and spaces opened, or the reason), and who decided.
 */
export function requesterNoticeMessage(
  messages: Messages,
  requests: readonly RequestDetails[],
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.requesterNotice;
  const told = requests.slice(0, MAX_TOLD);
  const blocks: types.KnownBlock[] = told.flatMap((request): types.KnownBlock[] => {
    const decision = request.decision;
    const by = decision && "by" in decision ? decision.by : null;
    const blocks: types.KnownBlock[] = [
      {
        type: "section",
        text: mrkdwn(clip(escapeMrkdwn(decisionParagraphs(messages, request).join("\n")), 3000)),
      },
      { type: "context", elements: [mrkdwn(by ? labels.decidedBy(personLabel(by)) : labels.closedBySystem)] },
    ];
    // An expired request is asked again in one click: the form of `/chorus rejoindre` or `abonner`.
    if (decision?.outcome === "EXPIRED") {
      const command = `${request.type === "attachment" ? "rejoindre" : "abonner"} ${request.structure.identifier}`;
      blocks.push({
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: commandActionId(command),
            text: plainText(labels.askAgain),
            value: command,
          },
        ],
      });
    }
    return blocks;
  });
  if (requests.length > told.length)
    blocks.push({ type: "context", elements: [mrkdwn(labels.more(requests.length - told.length))] });
  const first = told[0];
  const text = first ? (decisionParagraphs(messages, first)[0] ?? labels.fallback) : labels.fallback;
  return { text: clip(text, 3000), blocks };
}
