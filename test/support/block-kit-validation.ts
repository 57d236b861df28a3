import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Block Kit validation for the fake Slack server: JSON Schema validation against the vendored Block Kit schema (`vendor/slack/`, with its licence)
 * (draft 2020-12) plus the Slack limits the schema does not (or only loosely) express.
 *
 * Every function returns a list of human-readable violation messages (empty when the payload is valid).
 */
export const BLOCK_KIT_SCHEMA_URL = new URL("./vendor/slack/block-kit.schema.json", import.meta.url);

/** The schema's root validates a top-level array of blocks: that is what a message's `blocks` is. */
export const MESSAGE_BLOCKS_SCHEMA_REF = "#";
export const MODAL_VIEW_SCHEMA_REF = "#/$defs/modal_view";
export const HOME_VIEW_SCHEMA_REF = "#/$defs/home_view";

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  checkboxOptions: 10,
  radioOptions: 10,
  staticSelectOptions: 100,
  headerText: 150,
  plainTextInputMaxLength: 3000,
} as const;

type JsonObject = Record<string, unknown>;

interface CompiledValidators {
  messageBlocks: ValidateFunction;
  modalView: ValidateFunction;
  homeView: ValidateFunction;
}

let compiled: CompiledValidators | undefined;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The schema's unions (`block`, `actions_block_element`, `text_object`, ...) are plain `oneOf`s over `$ref`s whose
 * targets each pin a distinct `type` constant. Validated as-is, one bad button yields ~50 errors (one per union
 * member). Adding Ajv's `discriminator` keyword to those unions does not change what is valid (the branches are
 * mutually exclusive by `type` already) but makes Ajv report only the errors of the branch that matches `type`.
 * Nested unions (e.g. `context_block_element` = image | text_object) are flattened first for the same reason.
 */
function addDiscriminators(schema: JsonObject): void {
  const defs = isRecord(schema.$defs) ? schema.$defs : {};

  const typeConstOf = (defName: string): string | undefined => {
    const def = defs[defName];
    if (!isRecord(def) || !isRecord(def.properties)) {
      return undefined;
    }
    const typeProp = def.properties.type;
    const required = Array.isArray(def.required) ? def.required : [];
    if (isRecord(typeProp) && typeof typeProp.const === "string" && required.includes("type")) {
      return typeProp.const;
    }
    return undefined;
  };

  // Returns the flattened list of $refs if every branch is (transitively) a $ref to a def with a `type` const.
  const flatten = (branches: unknown[], depth: number): string[] | undefined => {
    if (depth > 5) {
      return undefined;
    }
    const refs: string[] = [];
    for (const branch of branches) {
      if (!isRecord(branch) || typeof branch.$ref !== "string" || Object.keys(branch).length !== 1) {
        return undefined;
      }
      const defName = branch.$ref.startsWith("#/$defs/") ? branch.$ref.slice("#/$defs/".length) : undefined;
      if (defName === undefined) {
        return undefined;
      }
      if (typeConstOf(defName) !== undefined) {
        refs.push(branch.$ref);
        continue;
      }
      const def = defs[defName];
      if (!isRecord(def) || !Array.isArray(def.oneOf)) {
        return undefined;
      }
      const nested = flatten(def.oneOf, depth + 1);
      if (nested === undefined) {
        return undefined;
      }
      refs.push(...nested);
    }
    return refs;
  };

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) {
        visit(item);
      }
      return;
    }
    if (!isRecord(node)) {
      return;
    }
    if (Array.isArray(node.oneOf) && node.discriminator === undefined) {
      const refs = flatten(node.oneOf, 0);
      if (refs !== undefined) {
        const consts = refs.map((ref) => typeConstOf(ref.slice("#/$defs/".length)));
        if (new Set(consts).size === consts.length) {
          node.oneOf = refs.map((ref) => ({ $ref: ref }));
          node.discriminator = { propertyName: "type" };
        }
      }
    }
    for (const value of Object.values(node)) {
      visit(value);
    }
  };
  visit(schema);
}

function compileValidators(): CompiledValidators {
  if (compiled !== undefined) {
    return compiled;
  }
  const schema = JSON.parse(readFileSync(fileURLToPath(BLOCK_KIT_SCHEMA_URL), "utf8")) as JsonObject;
  const declaredDraft = String(schema.$schema ?? "");
  if (!declaredDraft.includes("2020-12")) {
    throw new Error(`Expected a draft 2020-12 Block Kit schema, got $schema=${declaredDraft}`);
  }
  const id = typeof schema.$id === "string" ? schema.$id : "https://fake-slack.test/block-kit.schema.json";
  schema.$id = id;
  addDiscriminators(schema);
  // optimize/validateSchema off: halves the compile time of this large schema; validation results are the same.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    discriminator: true,
    validateSchema: false,
    code: { optimize: false },
  });
  // ajv-formats is CommonJS: its ESM default import is `module.exports`, whose `.default` is the plugin.
  addFormats.default(ajv);
  ajv.addSchema(schema);
  const get = (ref: string): ValidateFunction => {
    const fn = ajv.getSchema(ref === "#" ? id : `${id}${ref}`);
    if (fn === undefined) {
      throw new Error(`Block Kit schema has no ${ref}`);
    }
    return fn;
  };
  compiled = {
    messageBlocks: get(MESSAGE_BLOCKS_SCHEMA_REF),
    modalView: get(MODAL_VIEW_SCHEMA_REF),
    homeView: get(HOME_VIEW_SCHEMA_REF),
  };
  return compiled;
}

/** Compiles the schema eagerly (~0.5 s) so the first validated request is not slow. */
export function preloadBlockKitSchema(): void {
  compileValidators();
}

/** Turns a JSON pointer into `blocks[0]<actions>.elements[1]<button>.text`, annotating objects with their type. */
function describePath(root: unknown, label: string, pointer: string): string {
  let out = label;
  let node: unknown = root;
  const annotate = () => {
    if (isRecord(node) && typeof node.type === "string") {
      out += `<${node.type}>`;
    }
  };
  if (Array.isArray(root)) {
    // Top-level arrays are labelled by the caller ("blocks"); objects are annotated as we go.
  } else {
    annotate();
  }
  for (const rawSegment of pointer.split("/").slice(1)) {
    const segment = rawSegment.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      out += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      out += `.${segment}`;
      node = isRecord(node) ? node[segment] : undefined;
    }
    annotate();
  }
  return out;
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `has unknown property "${String(params.additionalProperty)}"`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    case "not":
      return "has a forbidden combination of properties";
    case "discriminator":
      return params.error === "mapping"
        ? `has unsupported type ${JSON.stringify(params.tagValue)} here`
        : `must have a string "type"`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Formats Ajv errors, merging `anyOf`/`oneOf` alternatives that are just "one of these properties" rules. */
function formatErrors(errors: ErrorObject[], root: unknown, label: string): string[] {
  const consumed = new Set<ErrorObject>();
  const messages: string[] = [];
  for (const error of errors) {
    if (error.keyword === "if") {
      // The failing "then" sub-errors are reported on their own.
      consumed.add(error);
      continue;
    }
    if (error.keyword !== "anyOf" && error.keyword !== "oneOf") {
      continue;
    }
    const children = errors.filter(
      (other) =>
        other !== error &&
        other.instancePath === error.instancePath &&
        other.schemaPath.startsWith(`${error.schemaPath}/`),
    );
    if (children.length > 0 && children.every((child) => child.keyword === "required")) {
      const names = children.map((child) => `"${String((child.params as JsonObject).missingProperty)}"`);
      const where = describePath(root, label, error.instancePath);
      const rule = error.keyword === "anyOf" ? "at least one" : "exactly one";
      messages.push(`${where}: must have ${rule} of the properties ${names.join(" or ")}`);
      consumed.add(error);
      for (const child of children) {
        consumed.add(child);
      }
    }
  }
  for (const error of errors) {
    if (consumed.has(error)) {
      continue;
    }
    messages.push(`${describePath(root, label, error.instancePath)}: ${describeError(error)}`);
  }
  return [...new Set(messages)];
}

function tooLong(out: string[], path: string, value: unknown, max: number): void {
  if (typeof value === "string" && value.length > max) {
    out.push(`${path} is ${value.length} characters long; Slack allows at most ${max}`);
  }
}

function textOf(value: unknown): unknown {
  return isRecord(value) ? value.text : undefined;
}

function typeTag(value: unknown): string {
  return isRecord(value) && typeof value.type === "string" ? `<${value.type}>` : "";
}

function checkElementLimits(out: string[], path: string, element: unknown): void {
  if (!isRecord(element)) {
    return;
  }
  tooLong(out, `${path}.action_id`, element.action_id, SLACK_LIMITS.actionId);
  const options = Array.isArray(element.options) ? element.options : undefined;
  switch (element.type) {
    case "button":
      tooLong(out, `${path}.value`, element.value, SLACK_LIMITS.buttonValue);
      break;
    case "checkboxes":
    case "radio_buttons": {
      const max = element.type === "checkboxes" ? SLACK_LIMITS.checkboxOptions : SLACK_LIMITS.radioOptions;
      if (options !== undefined && options.length > max) {
        out.push(`${path} has ${options.length} options; Slack allows at most ${max} in ${element.type}`);
      }
      break;
    }
    case "static_select":
    case "multi_static_select": {
      const max = SLACK_LIMITS.staticSelectOptions;
      if (options !== undefined && options.length > max) {
        out.push(`${path} has ${options.length} options; Slack allows at most ${max} in ${element.type}`);
      }
      if (Array.isArray(element.option_groups) && element.option_groups.length > max) {
        out.push(
          `${path} has ${element.option_groups.length} option_groups; Slack allows at most ${max} in ${element.type}`,
        );
      }
      break;
    }
    case "plain_text_input":
      if (
        typeof element.max_length === "number" &&
        element.max_length > SLACK_LIMITS.plainTextInputMaxLength
      ) {
        out.push(
          `${path}.max_length is ${element.max_length}; Slack allows at most ${SLACK_LIMITS.plainTextInputMaxLength}`,
        );
      }
      break;
    default:
      break;
  }
}

/** Explicit Slack limits over an array of blocks (`label` is the path prefix, e.g. "blocks" or "view.blocks"). */
function checkBlocksLimits(blocks: unknown[], label: string, maxBlocks: number, surface: string): string[] {
  const out: string[] = [];
  if (blocks.length > maxBlocks) {
    out.push(
      `${label} has ${blocks.length} blocks; Slack allows at most ${maxBlocks} blocks in a ${surface}`,
    );
  }
  const seenBlockIds = new Map<string, number>();
  blocks.forEach((block, index) => {
    if (!isRecord(block)) {
      return;
    }
    const path = `${label}[${index}]${typeTag(block)}`;
    tooLong(out, `${path}.block_id`, block.block_id, SLACK_LIMITS.blockId);
    if (typeof block.block_id === "string") {
      const previous = seenBlockIds.get(block.block_id);
      if (previous !== undefined) {
        out.push(
          `${path}.block_id "${block.block_id}" duplicates the block_id of block ${previous}; block_id must be unique in a ${surface}`,
        );
      } else {
        seenBlockIds.set(block.block_id, index);
      }
    }
    switch (block.type) {
      case "section": {
        tooLong(out, `${path}.text.text`, textOf(block.text), SLACK_LIMITS.sectionText);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > SLACK_LIMITS.sectionFields) {
            out.push(
              `${path}.fields has ${block.fields.length} items; Slack allows at most ${SLACK_LIMITS.sectionFields}`,
            );
          }
          block.fields.forEach((field, fieldIndex) => {
            tooLong(out, `${path}.fields[${fieldIndex}].text`, textOf(field), SLACK_LIMITS.sectionFieldText);
          });
        }
        if (block.accessory !== undefined) {
          checkElementLimits(out, `${path}.accessory${typeTag(block.accessory)}`, block.accessory);
        }
        break;
      }
      case "header":
        tooLong(out, `${path}.text.text`, textOf(block.text), SLACK_LIMITS.headerText);
        break;
      case "actions":
      case "context": {
        if (!Array.isArray(block.elements)) {
          break;
        }
        const seenActionIds = new Map<string, number>();
        block.elements.forEach((element, elementIndex) => {
          const elementPath = `${path}.elements[${elementIndex}]${typeTag(element)}`;
          checkElementLimits(out, elementPath, element);
          if (block.type === "actions" && isRecord(element) && typeof element.action_id === "string") {
            const previous = seenActionIds.get(element.action_id);
            if (previous !== undefined) {
              out.push(
                `${elementPath}.action_id "${element.action_id}" duplicates the action_id of element ${previous}; action_id must be unique in an actions block`,
              );
            } else {
              seenActionIds.set(element.action_id, elementIndex);
            }
          }
        });
        break;
      }
      case "input":
        checkElementLimits(out, `${path}.element${typeTag(block.element)}`, block.element);
        break;
      default:
        break;
    }
  });
  return out;
}

/**
 * Validates the `blocks` of a message (chat.postMessage, chat.update, chat.postEphemeral, chat.scheduleMessage,
 * response_url payloads). `label` prefixes every message, e.g. "chat.postMessage: blocks".
 * `allowEmpty` accepts `[]` (chat.update uses it to remove the blocks of a message).
 */
export function validateMessageBlocks(
  blocks: unknown,
  label = "blocks",
  options?: { allowEmpty?: boolean },
): string[] {
  if (!Array.isArray(blocks)) {
    return [`${label} must be an array of blocks, got ${blocks === null ? "null" : typeof blocks}`];
  }
  if (blocks.length === 0 && options?.allowEmpty === true) {
    return [];
  }
  const { messageBlocks } = compileValidators();
  const out: string[] = [];
  if (!messageBlocks(blocks)) {
    out.push(...formatErrors(messageBlocks.errors ?? [], blocks, label));
  }
  out.push(...checkBlocksLimits(blocks, label, SLACK_LIMITS.messageBlocks, "message"));
  return out;
}

/**
 * Validates a view payload (views.open/update/push: modal, views.publish: home, `response_action` views: modal).
 * `label` prefixes every message, e.g. "views.open: view".
 */
export function validateView(view: unknown, expected: "modal" | "home", label = "view"): string[] {
  if (!isRecord(view)) {
    return [
      `${label} must be an object, got ${view === null ? "null" : Array.isArray(view) ? "array" : typeof view}`,
    ];
  }
  if (view.type !== expected) {
    return [`${label}.type must be "${expected}", got ${JSON.stringify(view.type)}`];
  }
  const validators = compileValidators();
  const validate = expected === "modal" ? validators.modalView : validators.homeView;
  const out: string[] = [];
  if (!validate(view)) {
    out.push(...formatErrors(validate.errors ?? [], view, label));
  }
  if (expected === "modal") {
    tooLong(out, `${label}.title.text`, textOf(view.title), SLACK_LIMITS.viewTitle);
    tooLong(out, `${label}.submit.text`, textOf(view.submit), SLACK_LIMITS.viewSubmit);
    tooLong(out, `${label}.close.text`, textOf(view.close), SLACK_LIMITS.viewClose);
  }
  tooLong(out, `${label}.private_metadata`, view.private_metadata, SLACK_LIMITS.privateMetadata);
  tooLong(out, `${label}.callback_id`, view.callback_id, SLACK_LIMITS.callbackId);
  if (Array.isArray(view.blocks)) {
    out.push(
      ...checkBlocksLimits(view.blocks, `${label}.blocks`, SLACK_LIMITS.viewBlocks, `${expected} view`),
    );
  }
  return out;
}

/** Checks the top-level `text` of a chat message. */
export function validateMessageText(text: unknown, label = "text"): string[] {
  if (text === undefined) {
    return [];
  }
  if (typeof text !== "string") {
    return [`${label} must be a string, got ${typeof text}`];
  }
  const out: string[] = [];
  tooLong(out, label, text, SLACK_LIMITS.messageText);
  return out;
}

/**
 * Validates the body an app returns to a `view_submission` (the HTTP response, not a Web API call):
 * `response_action: "update" | "push"` must carry a valid modal, `"errors"` an object of messages.
 */
export function validateViewSubmissionResponse(body: unknown, label = "view_submission response"): string[] {
  if (!isRecord(body) || body.response_action === undefined) {
    return [];
  }
  switch (body.response_action) {
    case "update":
    case "push":
      return validateView(body.view, "modal", `${label} (${body.response_action}): view`);
    case "errors": {
      if (!isRecord(body.errors) || Object.keys(body.errors).length === 0) {
        return [`${label} (errors): errors must be a non-empty object of block_id -> message`];
      }
      const out: string[] = [];
      for (const [blockId, message] of Object.entries(body.errors)) {
        if (typeof message !== "string" || message.length === 0) {
          out.push(`${label} (errors): errors["${blockId}"] must be a non-empty string`);
        }
      }
      return out;
    }
    case "clear":
      return [];
    default:
      return [`${label}: unknown response_action ${JSON.stringify(body.response_action)}`];
  }
}
