import type { types, ViewStateValue } from "@slack/bolt";
import { escapeMrkdwn, mrkdwn, plainText } from "./text.ts";

/** What a modal's inputs hold when it is submitted, by block id then action id. */
export type StateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;

/** A modal that only says one thing (an outcome, a refusal), under its feature's title and close button. */
export function noticeView(labels: { title: string; close: string }, text: string): types.ModalView {
  return {
    type: "modal",
    title: plainText(labels.title, 24),
    close: plainText(labels.close, 24),
    blocks: [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }],
  };
}
