import type { types } from "@slack/bolt";
import { expect } from "vitest";
import type { Harness } from "./app-harness.ts";
import { SIGNING_SECRET } from "./app-harness.ts";
import { blocksOf, lastModal, viewOf } from "./fake-slack/index.ts";
import { blockActionsPayload, sendInteraction } from "./slack-requests.ts";

/** A modal open in the fake Slack, as the next click in it names it. */
export interface OpenModal {
  view: types.ModalView;
  /** Its blocks as JSON, to look for texts. */
  text: string;
  id: string;
  hash: string;
}

function opened(h: Harness, view: types.View, id: string): OpenModal {
  if (view.type !== "modal") throw new Error(`a ${view.type} view, not a modal`);
  return { view, text: JSON.stringify(blocksOf(view)), id, hash: h.slack.views.get(id)?.hash ?? "" };
}

/** Runs `/chorus structure <identifier>` and returns the card modal it opened. */
export async function openStructureCard(
  h: Harness,
  userId: string,
  identifier: string,
  channelId = "CCARD00001",
): Promise<OpenModal> {
  const before = h.slack.callsTo("views.open").length;
  const { status } = await h.command({ userId, text: `structure ${identifier}`, channelId });
  expect(status).toBe(200);
  await h.slack.waitFor((calls) => calls.filter((call) => call.method === "views.open").length > before);
  const view = lastModal(h.slack, "views.open");
  return opened(h, view, [...h.slack.views.values()].at(-1)?.id ?? "");
}

/**
 * Clicks a button (or picks an overflow menu's option) in an open modal and returns the view that
 * replaced it (views.update).
 */
export async function clickInModal(
  h: Harness,
  userId: string,
  modal: OpenModal,
  click: { actionId: string; value: string; overflow?: boolean },
): Promise<OpenModal> {
  const before = h.slack.callsTo("views.update", { okOnly: true }).length;
  const payload = blockActionsPayload({
    userId,
    actionId: click.actionId,
    ...(click.overflow
      ? {
          actionType: "overflow",
          actionExtra: { selected_option: { text: { type: "plain_text", text: "…" }, value: click.value } },
        }
      : { value: click.value }),
    view: {
      id: modal.id,
      hash: modal.hash,
      callback_id: modal.view.callback_id,
      private_metadata: modal.view.private_metadata ?? "",
    },
  });
  await sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload });
  await h.slack.waitFor(
    (calls) => calls.filter((call) => call.method === "views.update" && call.ok).length > before,
  );
  return opened(h, viewOf(h.slack.callsTo("views.update", { okOnly: true }).at(-1)), modal.id);
}

/** The view a submission answered with `response_action: "update"`, in the same modal. */
export function updatedModal(h: Harness, modal: OpenModal, answer: unknown): OpenModal {
  const view = (answer as { view: types.View }).view;
  return opened(h, view, modal.id);
}
