import type { types } from "@slack/bolt";
import type { RequestDetails } from "../../domain/requests.ts";
import type { Messages } from "../../i18n/index.ts";
import { decisionParagraphs } from "../../notify/emails.ts";
import { clip, escapeMrkdwn, mrkdwn, personLabel } from "./text.ts";

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
    return [
      {
        type: "section",
        text: mrkdwn(clip(escapeMrkdwn(decisionParagraphs(messages, request).join("\n")), 3000)),
      },
      { type: "context", elements: [mrkdwn(by ? labels.decidedBy(personLabel(by)) : labels.closedBySystem)] },
    ];
  });
  if (requests.length > told.length)
    blocks.push({ type: "context", elements: [mrkdwn(labels.more(requests.length - told.length))] });
  const first = told[0];
  const text = first ? (decisionParagraphs(messages, first)[0] ?? labels.fallback) : labels.fallback;
  return { text: clip(text, 3000), blocks };
}
