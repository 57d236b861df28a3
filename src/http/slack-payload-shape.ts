import { z } from "zod";

/**
 * The least an interaction payload must be for Bolt to route it: an object with a string `type`, a
 * `view` for a modal's submission or closing, `actions` for a click. Bolt answers anything less with
 * a 500 from deep inside (or a 404 when no listener matches): a signed but malformed payload is the
 * sender's fault, a 400.
 */
const ROUTED_BY_CONTENT = ["view_submission", "view_closed", "block_actions"];
const interactionShape = z.union([
  z.looseObject({ type: z.enum(["view_submission", "view_closed"]), view: z.looseObject({}) }),
  z.looseObject({ type: z.literal("block_actions"), actions: z.array(z.looseObject({})) }),
  z.looseObject({
    type: z.string().refine((type) => !ROUTED_BY_CONTENT.includes(type)),
  }),
]);

/** True when the form body of a Slack request carries a `payload` that is no interaction Bolt can route. */
export function isMalformedInteraction(formBody: string): boolean {
  const payload = new URLSearchParams(formBody).get("payload");
  if (payload === null) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return true;
  }
  return !interactionShape.safeParse(parsed).success;
}
