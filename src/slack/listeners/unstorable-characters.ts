import type { AnyMiddlewareArgs, Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { Messages } from "../../i18n/index.ts";
import type { ListenerDeps } from "./deps.ts";

/**
 * What PostgreSQL text cannot hold and Slack never sends: NUL, and half of a UTF-16 surrogate pair
 * alone (no character: JSON can write it, UTF-8 cannot).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters looked for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Every string in a payload, however deep. */
function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (value && typeof value === "object")
    for (const field of Object.values(value)) yield* stringsOf(field);
}

/** Why a submitted block's value cannot be kept, or null. */
function problemOf(messages: Messages, actions: unknown): string | null {
  for (const text of stringsOf(actions)) {
    const found = text.match(UNSTORABLE)?.[0];
    if (found !== undefined)
      return found === "\u0000" ? messages.errors.nulCharacter : messages.errors.loneSurrogate;
  }
  return null;
}

/** Removes those characters from every string of a payload, in place (listeners read the same objects). */
function dropUnstorable(value: unknown): void {
  if (!value || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(record)) {
    if (typeof field === "string") record[key] = field.replace(UNSTORABLE, "");
    else dropUnstorable(field);
  }
}

/**
 * A NUL or a lone surrogate comes from a forged payload. In a modal it is refused under its field;
 * anywhere else (a button's value, a command, an options query) it is dropped, so the value reads as
 * the unknown id or text it is and gets the usual answer.
 */
export function refuseUnstorableCharacters(deps: ListenerDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (args.body.type === "view_submission") {
      // Narrowed by hand: TypeScript gives up narrowing the union of every listener's arguments.
      const { body, ack } = args as unknown as SlackViewMiddlewareArgs<ViewSubmitAction>;
      const errors = Object.entries(body.view.state.values).flatMap(([blockId, actions]) => {
        const problem = problemOf(deps.ctx.messages, actions);
        return problem === null ? [] : [[blockId, problem] as const];
      });
      if (errors.length > 0) {
        await ack({ response_action: "errors", errors: Object.fromEntries(errors) });
        return;
      }
    }
    dropUnstorable(args.body);
    await args.next();
  };
}
