import { describe, expect, it } from "vitest";
import { z } from "zod";
import { metadataCodec, pageNumber } from "../../src/slack/blocks/metadata.ts";
import { decodeHistoryState, encodeHistoryState } from "../../src/slack/features/history/history-modal.ts";
import { decodeListState } from "../../src/slack/features/pending-list/pending-list-modal.ts";
import { decodeModalMetadata } from "../../src/slack/features/request-decision/request-modals.ts";
import {
  decodeSearchState,
  INITIAL_SEARCH_STATE,
} from "../../src/slack/features/user-search/search-state.ts";

const STRUCTURE_ID = "0b9d6a57-3c3e-4f7e-9d6e-2f1f0c4b8a11";

describe("what the app keeps in private_metadata and button values", () => {
  const codec = metadataCodec(z.object({ structureId: z.string(), page: pageNumber }));

  it("reads back what it wrote", () => {
    expect(codec.decode(codec.encode({ structureId: "S1", page: 3 }))).toEqual({
      structureId: "S1",
      page: 3,
    });
  });

  it("reads nothing from text that is not JSON, from JSON of another shape, or from nothing", () => {
    for (const raw of ["{", "not json", "null", "[]", '{"page":1}', '{"structureId":42}', "", undefined]) {
      expect(codec.decode(raw)).toBeNull();
    }
  });

  it("keeps a lenient field's fallback: a negative or fractional page is the first one", () => {
    expect(codec.decode('{"structureId":"S1","page":-2}')).toEqual({ structureId: "S1", page: 0 });
    expect(codec.decode('{"structureId":"S1","page":1.5}')).toEqual({ structureId: "S1", page: 0 });
  });

  it("reads a history state with an unknown action and an impossible day as no filter, and refuses one naming no structure", () => {
    const state = { structureId: STRUCTURE_ID, action: null, from: "2026-11-01", to: null, page: 2 };
    expect(decodeHistoryState(encodeHistoryState(state))).toEqual(state);
    expect(
      decodeHistoryState(
        JSON.stringify({ structureId: STRUCTURE_ID, action: "DROP_TABLE", from: "2026-02-30", page: 1 }),
      ),
    ).toEqual({ structureId: STRUCTURE_ID, action: null, from: null, to: null, page: 1 });
    expect(decodeHistoryState(JSON.stringify({ structureId: "not-a-uuid" }))).toBeNull();
  });

  it("falls back to the first page of everything for a broken pending list or user search state", () => {
    expect(decodeListState("{broken")).toEqual({ structureId: null, type: null, page: 0 });
    expect(decodeListState('{"type":"other","page":4}')).toEqual({ structureId: null, type: null, page: 4 });
    expect(decodeSearchState("[1,2]")).toEqual(INITIAL_SEARCH_STATE);
    expect(
      decodeSearchState('{"criteria":{"lastName":"  Dupont  ","status":"GONE"},"page":1}'),
    ).toMatchObject({
      criteria: { lastName: "Dupont", status: null, firstName: null },
      page: 1,
      generation: 0,
    });
  });

  it("drops a request modal's unreadable parent search but keeps the request, and refuses an unknown kind", () => {
    expect(decodeModalMetadata('{"type":"attachment","requestId":"R1","parent":{"state":{}}}')).toEqual({
      type: "attachment",
      requestId: "R1",
    });
    expect(decodeModalMetadata('{"type":"other","requestId":"R1"}')).toBeNull();
  });
});
