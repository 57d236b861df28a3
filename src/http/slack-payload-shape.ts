/** An object (not null, not an array), as JSON objects parse. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The least an interaction payload must be for Bolt to route it: an object with a string `type`, a
 * `view` for a modal's submission or closing, `actions` for a click. Bolt answers anything less with
 * a 500 from deep inside (or a 404 when no listener matches): a signed but malformed payload is the
 * sender's fault, a 400.
 */
function isRoutable(payload: unknown): boolean {
  if (!isObject(payload) || typeof payload.type !== "string") return false;
  switch (payload.type) {
    case "view_submission":
    case "view_closed":
      return isObject(payload.view);
    case "block_actions":
      return Array.isArray(payload.actions) && payload.actions.every(isObject);
    default:
      return true;
  }
}

/** True when the form body of a Slack request carries a `payload` that is no interaction Bolt can route. */
export function isMalformedInteraction(formBody: string): boolean {
  const payload = new URLSearchParams(formBody).get("payload");
  if (payload === null) return false;
  try {
    return !isRoutable(JSON.parse(payload));
  } catch {
    return true;
  }
}
