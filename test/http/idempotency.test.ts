import { describe, expect, it } from "vitest";
import { API_TOKEN, type Harness, useHarness } from "../support/app-harness.ts";
import { fileRequest, requester, seedStructure } from "../support/scenario.ts";

/** A POST to the REST API with an Idempotency-Key, the answer's headers included. */
async function postWithKey(h: Harness, path: string, body: unknown, key: string) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${API_TOKEN}`,
      "content-type": "application/json",
      "idempotency-key": key,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

describe("Idempotency-Key on the REST API", () => {
  const h = useHarness();

  it("names the pending request's id in the 409 conflict of a second attachment request for it, with or without a new key", async () => {
    const structure = await seedStructure(h);
    const id = await fileRequest(h, structure);
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };

    const withKey = await postWithKey(h, "/api/v1/attachment-requests", body, "nouvelle-cle");
    const withoutKey = await h.api("POST", "/api/v1/attachment-requests", body);

    for (const answer of [withKey, withoutKey]) {
      expect(answer.status).toBe(409);
      expect(answer.json).toEqual({
        error: {
          code: "conflict",
          message: "Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.",
          details: [],
          existingRequestId: id,
        },
      });
    }
  });
});
