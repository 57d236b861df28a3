import type { AnyMiddlewareArgs, Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { ListenerDeps } from "./deps.ts";

const NUL = "\u0000";

/** The blocks of a submitted modal where some value holds a NUL character. */
function blocksWithNul(values: Record<string, unknown>): string[] {
  return (
    Object.entries(values)
      // JSON.stringify writes a NUL as the six characters \u0000.
      .filter(([, actions]) => JSON.stringify(actions ?? null).includes("\\u0000"))
      .map(([blockId]) => blockId)
  );
}

/** Removes NUL characters from every string of a payload, in place (listeners read the same objects). */
function dropNul(value: unknown): void {
  if (!value || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(record)) {
    if (typeof field === "string" && field.includes(NUL)) record[key] = field.replaceAll(NUL, "");
    else dropNul(field);
  }
}

/**
 * PostgreSQL text cannot hold NUL, and Slack never sends one: a NUL comes from a forged payload. In a
 * modal it is refused under its field; anywhere else (a button's value, a command, an options query)
 * it is dropped, so the value reads as the unknown id or text it is and gets the usual answer.
 */
export function refuseNulCharacters(deps: ListenerDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (args.body.type === "view_submission") {
      // Narrowed by hand: TypeScript gives up narrowing the union of every listener's arguments.
      const { body, ack } = args as unknown as SlackViewMiddlewareArgs<ViewSubmitAction>;
      const blocks = blocksWithNul(body.view.state.values);
      if (blocks.length > 0) {
        const message = deps.ctx.messages.errors.nulCharacter;
        await ack({
          response_action: "errors",
          errors: Object.fromEntries(blocks.map((blockId) => [blockId, message])),
        });
        return;
      }
    }
    dropNul(args.body);
    await args.next();
  };
}
