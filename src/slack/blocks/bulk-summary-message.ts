import type { types } from "@slack/bolt";
import type { Messages } from "../../i18n/index.ts";
import type { BulkRunOutcomes } from "../../services/requests/run-bulk-decision.ts";
import { LIMITS } from "./limits.ts";
import { clip, escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

/** Problems listed one by one before "… et N autres" (a section holds 3,000 characters). */
const MAX_LISTED_PROBLEMS = 20;

/** What a summary shows: the run's action, how many it decided, and the items it could not. */
export type BulkSummaryInput = Pick<BulkRunOutcomes, "action" | "problems"> & { done: number };

/** The manager's summary of a bulk decision: how many were decided, and which were not and why. */
export function bulkSummaryMessage(
  messages: Messages,
  input: BulkSummaryInput,
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.bulkSummary;
  const title = input.action === "VALIDATE" ? labels.validatedTitle : labels.refusedTitle;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plainText(title, LIMITS.headerText) },
    { type: "section", text: mrkdwn(labels.done(input.done)) },
  ];
  if (input.problems.length > 0) {
    const lines = input.problems.slice(0, MAX_LISTED_PROBLEMS).map(({ item, request }) => {
      const kind = request ? messages.requestKinds[request.type] : item.requestType;
      const structure = request ? `${request.structure.designation} (${request.structure.identifier})` : "?";
      const requester = request
        ? `${request.requester.firstName} ${request.requester.lastName}`
        : item.requestId;
      const why = item.outcome ? labels.outcomes[item.outcome] : labels.outcomes.FAILED;
      return escapeMrkdwn(labels.line(kind, structure, requester, why));
    });
    const rest = input.problems.length - lines.length;
    if (rest > 0) lines.push(labels.more(rest));
    blocks.push({
      type: "section",
      text: mrkdwn(clip(`${labels.notDone(input.problems.length)}\n${lines.join("\n")}`, LIMITS.sectionText)),
    });
  }
  return { text: `${title} — ${labels.done(input.done)}`, blocks };
}
