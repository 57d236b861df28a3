import type { types } from "@slack/bolt";
import { LIMITS } from "./limits.ts";

/** Slack mrkdwn treats &, < and > as control characters: user-typed text must be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Truncates to Slack's per-field limits with an ellipsis, so a long comment never breaks a message. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function plainText(text: string, max: number = LIMITS.shortText): types.PlainTextElement {
  return { type: "plain_text", text: clip(text, max), emoji: true };
}

/** A modal's title, submit or close text. */
export function modalText(text: string): types.PlainTextElement {
  return plainText(text, LIMITS.modalText);
}

export function mrkdwn(text: string, max: number = LIMITS.sectionText): types.MrkdwnElement {
  return { type: "mrkdwn", text: clip(text, max) };
}

/** A Slack mention when the decider's Slack id is known, their name otherwise. */
export function personLabel(person: { name: string; slackUserId: string | null }): string {
  return person.slackUserId ? `<@${person.slackUserId}>` : escapeMrkdwn(person.name);
}
