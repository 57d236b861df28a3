import { expect } from "vitest";
import { ActionIds, BlockIds } from "../../src/slack/ids.ts";
import type { Harness } from "./app-harness.ts";
import { blocksOf, blockText, type ViewSubmissionAnswer } from "./fake-slack/index.ts";
import { type SlackStateValues, slackOption } from "./slack-requests.ts";

/** The private answer to a `/chorus …` command, as posted to its response URL. */
export function commandAnswer(h: Harness, userId: string, text: string): Promise<string> {
  return h.commandAnswer(userId, text, "CHAND00001");
}

export interface OpenedModal {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { options?: { value: string }[] } }[];
}

/** Runs a command that opens a modal and returns that modal (the latest views.open). */
export async function openModalWith(h: Harness, userId: string, text: string): Promise<OpenedModal> {
  const before = h.slack.callsTo("views.open").length;
  const { status } = await h.command({ userId, text, channelId: "CHAND00001" });
  expect(status).toBe(200);
  await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
  return h.slack.callsTo("views.open").at(-1)?.view as OpenedModal;
}

/** The values of the picks offered for the structure at `index` of a handover modal. */
export function offeredCandidates(modal: OpenedModal, index: number): string[] {
  const pick = modal.blocks.find(
    (block) => block.block_id === `${BlockIds.handoverSuccessorPickPrefix}${index}`,
  );
  return (pick?.element?.options ?? []).map((option) => option.value);
}

/** What the manager typed in or picked for the structure at `index` of a handover modal. */
export function successorValues(
  index: number,
  designation: { email?: string; pick?: string },
): SlackStateValues {
  return {
    [`${BlockIds.handoverSuccessorEmailPrefix}${index}`]: {
      [ActionIds.handoverSuccessorEmail]: { type: "plain_text_input", value: designation.email ?? null },
    },
    [`${BlockIds.handoverSuccessorPickPrefix}${index}`]: {
      [ActionIds.handoverSuccessorPick]: {
        type: "static_select",
        selected_option: designation.pick ? slackOption(designation.pick) : null,
      },
    },
  };
}

/** The text of the modal a submission was answered with (`response_action: "update"`). */
export function updatedModalText(answer: { json: unknown }): string {
  const json = answer.json as ViewSubmissionAnswer | null;
  expect(json?.response_action).toBe("update");
  const [first] = blocksOf(json?.view);
  return first ? blockText(first) : "";
}
