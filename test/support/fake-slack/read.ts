import type { types } from "@slack/bolt";
import type { FakeSlack, SlackArgs } from "./types.ts";

/**
 * Typed reads of what the app sent to the fake Slack (views, messages, their blocks), so that a test
 * reads a modal or a message through Block Kit's types, never through `any`. The fake checked each
 * against Block Kit's schema when it was sent.
 */

type ViewMethod = "views.open" | "views.push" | "views.update" | "views.publish";

/** A modal or a Home tab, as Block Kit types it. */
export type SlackView = types.View;
/** A modal, as Block Kit types it. */
export type SlackModal = types.ModalView;
/** A block, as Block Kit types it. */
export type KnownBlock = types.KnownBlock;

/** Anything with blocks: a view, a message, a message's version. */
export interface WithBlocks {
  blocks?: unknown;
}

/** An element a person acts on: a button, a menu, an input, wherever it sits in a block. */
export type ActionElement = Extract<
  types.ActionsBlockElement | types.InputBlockElement | types.SectionBlockAccessory,
  { action_id?: string }
>;

/** The view sent with a call (views.open, views.push, views.update, views.publish). */
export function viewOf(call: SlackArgs | undefined): types.View {
  if (!call || typeof call.view !== "object" || call.view === null) throw new Error("no view in this call");
  return call.view as types.View;
}

/** The view of the last call to `method` (its nth with `index`), or of the last that succeeded. */
export function lastView(
  slack: FakeSlack,
  method: ViewMethod,
  options: { okOnly?: boolean; index?: number } = {},
): types.View {
  const calls = slack.callsTo(method, { okOnly: options.okOnly ?? false });
  return viewOf(options.index === undefined ? calls.at(-1) : calls[options.index]);
}

/** The modal of the last call to `method` (see lastView): a test fails if it is not a modal. */
export function lastModal(
  slack: FakeSlack,
  method: Exclude<ViewMethod, "views.publish">,
  options: { okOnly?: boolean; index?: number } = {},
): types.ModalView {
  const view = lastView(slack, method, options);
  if (view.type !== "modal") throw new Error(`${method} sent a ${view.type} view, not a modal`);
  return view;
}

/** A views.* call as the app made it: the modal, and the id of the view it replaces (views.update). */
export interface ModalCall {
  view: types.ModalView;
  view_id?: string;
}

/** The last call to `method` with its modal (see lastModal). */
export function lastModalCall(
  slack: FakeSlack,
  method: Exclude<ViewMethod, "views.publish">,
  options: { okOnly?: boolean } = {},
): ModalCall {
  const call = slack.callsTo(method, { okOnly: options.okOnly ?? false }).at(-1);
  const view = lastModal(slack, method, options);
  return typeof call?.view_id === "string" ? { view, view_id: call.view_id } : { view };
}

/** The app's answer to a modal's submission: an update, a push, field errors, or nothing. */
export interface ViewSubmissionAnswer {
  response_action?: "update" | "push" | "errors" | "clear";
  errors?: Record<string, string>;
  view?: types.ModalView;
}

/** The input whose element has that action id (inputs' block ids may carry a generation). */
export function inputOf(container: WithBlocks | undefined, actionId: string): types.InputBlock | undefined {
  return blocksOf(container).find(
    (block): block is types.InputBlock => block.type === "input" && block.element.action_id === actionId,
  );
}

/** What an input starts with: its text, its date, or its chosen option's value. */
export function initialValueOf(block: types.KnownBlock | undefined): string | undefined {
  const element = (block?.type === "input" ? block.element : {}) as {
    initial_value?: string;
    initial_date?: string;
    initial_option?: types.Option;
  };
  return element.initial_value ?? element.initial_date ?? element.initial_option?.value;
}

/** The blocks of a view or a message, as Block Kit types them. */
export function blocksOf(container: WithBlocks | undefined): types.KnownBlock[] {
  return Array.isArray(container?.blocks) ? (container.blocks as types.KnownBlock[]) : [];
}

/** The block with that id. */
export function blockById(container: WithBlocks | undefined, blockId: string): types.KnownBlock | undefined {
  return blocksOf(container).find((block) => block.block_id === blockId);
}

/** The blocks whose id starts with `prefix` (the groups of a long list of checkboxes…). */
export function blocksStartingWith(container: WithBlocks | undefined, prefix: string): types.KnownBlock[] {
  return blocksOf(container).filter((block) => String(block.block_id ?? "").startsWith(prefix));
}

/** Every element a person acts on, in order: actions blocks' elements, sections' accessories, inputs. */
export function elementsOf(container: WithBlocks | types.KnownBlock | undefined): ActionElement[] {
  // A view or a message has blocks; a block has none.
  const blocks =
    container && !("blocks" in container)
      ? [container as types.KnownBlock]
      : blocksOf(container as WithBlocks);
  return blocks.flatMap((block): ActionElement[] => {
    if (block.type === "actions") return block.elements as ActionElement[];
    if (block.type === "section") return block.accessory ? [block.accessory as ActionElement] : [];
    if (block.type === "input") return [block.element as ActionElement];
    return [];
  });
}

/** The element with that action id. */
export function elementById(
  container: WithBlocks | types.KnownBlock | undefined,
  actionId: string,
): ActionElement | undefined {
  return elementsOf(container).find((element) => element.action_id === actionId);
}

/** The buttons, in order. */
export function buttonsOf(container: WithBlocks | types.KnownBlock | undefined): types.Button[] {
  return elementsOf(container).filter((element): element is types.Button => element.type === "button");
}

/** The options an element offers (checkboxes, radio buttons, static menus), and those it starts with. */
export function optionsOf(element: ActionElement | types.KnownBlock | undefined): {
  options: types.Option[];
  initial: types.Option[];
} {
  const isBlock = element && ["input", "section", "actions"].includes(element.type);
  const target = isBlock ? elementsOf(element as types.KnownBlock)[0] : element;
  const record = (target ?? {}) as {
    options?: types.Option[];
    initial_options?: types.Option[];
    initial_option?: types.Option;
  };
  return {
    options: record.options ?? [],
    initial: record.initial_options ?? (record.initial_option ? [record.initial_option] : []),
  };
}

/** The text a block shows: a section's text and fields, a header's, a context's elements'. */
export function blockText(block: types.KnownBlock): string {
  const textOf = (element: unknown) =>
    typeof element === "object" && element !== null && "text" in element ? String(element.text) : "";
  if (block.type === "section")
    return [block.text ? textOf(block.text) : "", ...(block.fields ?? []).map(textOf)].join("\n");
  if (block.type === "header") return textOf(block.text);
  if (block.type === "context") return block.elements.map(textOf).join(" ");
  return "";
}

/** The text of every block, in order. */
export function textsOf(container: WithBlocks | undefined): string[] {
  return blocksOf(container).map(blockText);
}
