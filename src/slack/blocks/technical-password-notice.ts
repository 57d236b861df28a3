import type { types } from "@slack/bolt";
import { formatDate, type Messages } from "../../i18n/index.ts";
import { mrkdwn } from "./text.ts";

/**
 * The principal manager's notice that a technical account's password expires (or did): when, and how
 * to reset it and give the new one to the app.
 */
export function technicalPasswordNotice(
  messages: Messages,
  input: {
    structure: { identifier: string; designation: string };
    login: string;
    expiryDay: Date;
    daysLeft: number;
  },
): { text: string; blocks: types.KnownBlock[] } {
  const labels = messages.technicalPasswordExpiry;
  const named = `${input.structure.designation} (${input.structure.identifier})`;
  const body = [
    labels.notice(named, input.login, formatDate(messages, input.expiryDay), input.daysLeft),
    labels.howTo(input.structure.identifier),
  ].join("\n\n");
  return { text: labels.notification(named), blocks: [{ type: "section", text: mrkdwn(body) }] };
}
