import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ChainedContent,
  canonicalJson,
  chainHash,
  findChainBreak,
  findTailBreak,
  nextLink,
  type StoredEntry,
} from "../../src/domain/history-chain.ts";

function content(overrides: Partial<ChainedContent> = {}): ChainedContent {
  return {
    id: "7a1f2c4e-0000-4000-8000-000000000001",
    structureId: "5b2e9d10-0000-4000-8000-000000000002",
    sequence: 1,
    action: "ATTACHMENT_VALIDATED",
    actorId: null,
    actorSlackUserId: "U123",
    targetUserId: null,
    attachmentRequestId: null,
    subscriptionRequestId: null,
    comment: "Bienvenue",
    details: { role: "SIMPLE_USER", serviceIds: ["b", "a"] },
    createdAt: new Date("2026-11-28T17:45:12.345Z"),
    ...overrides,
  };
}

/** A chain of `count` entries as appendHistory writes them. */
function chain(count: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  for (let index = 0; index < count; index++) {
    const link = nextLink(entries.at(-1) ?? null);
    const entry = content({ id: `entry-${index}`, sequence: link.sequence, comment: `n°${index}` });
    entries.push({ ...entry, previousHash: link.previousHash, hash: chainHash(entry, link.previousHash) });
  }
  return entries;
}

describe("the canonical JSON an entry's hash covers", () => {
  it("sorts the keys of every object, whatever order they were written in", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: true, y: null }], c: "é" } })).toBe(
      '{"a":{"c":"é","d":[2,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson({ a: { c: "é", d: [2, { y: null, z: true }] }, b: 1 })).toBe(
      canonicalJson({ b: 1, a: { d: [2, { z: true, y: null }], c: "é" } }),
    );
  });

  it("sorts numeric-looking keys as text, as PostgreSQL's C collation does", () => {
    expect(canonicalJson({ "9": "neuf", "10": "dix", B: 2, a: 1 })).toBe(
      '{"10":"dix","9":"neuf","B":2,"a":1}',
    );
  });

  it("reads values as JSON.stringify does: dates as ISO strings, undefined properties left out", () => {
    expect(
      canonicalJson({ at: new Date("2026-01-02T03:04:05.006Z"), gone: undefined, list: [undefined] }),
    ).toBe('{"at":"2026-01-02T03:04:05.006Z","list":[null]}');
  });

  it("escapes quotes, backslashes and control characters the way PostgreSQL writes JSON", () => {
    expect(canonicalJson('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd\\u0001"');
  });
});

describe("the hash chain of a structure's history", () => {
  it("hashes the canonical content with the previous hash, and nothing else", () => {
    const entry = content();
    const expected = createHash("sha256")
      .update(
        canonicalJson({
          ...entry,
          createdAt: "2026-11-28T17:45:12.345Z",
          previousHash: "abc",
        }),
      )
      .digest("hex");
    expect(chainHash(entry, "abc")).toBe(expected);
    expect(chainHash({ ...entry, hash: "ignored", previousHash: "ignored" } as ChainedContent, "abc")).toBe(
      expected,
    );
  });

  it("gives the same hash to details whose keys come back from the database in another order", () => {
    expect(chainHash(content({ details: { serviceIds: ["b", "a"], role: "SIMPLE_USER" } }), null)).toBe(
      chainHash(content(), null),
    );
  });

  it("changes the hash when any field, the order of a list or the previous hash changes", () => {
    const base = chainHash(content(), null);
    expect(chainHash(content({ comment: "Bienvenue !" }), null)).not.toBe(base);
    expect(chainHash(content({ details: { role: "SIMPLE_USER", serviceIds: ["a", "b"] } }), null)).not.toBe(
      base,
    );
    expect(chainHash(content({ createdAt: new Date("2026-11-28T17:45:12.346Z") }), null)).not.toBe(base);
    expect(chainHash(content({ sequence: 2 }), null)).not.toBe(base);
    expect(chainHash(content(), "0".repeat(64))).not.toBe(base);
  });

  it("starts at sequence 1 with no previous hash, then continues from the last entry", () => {
    expect(nextLink(null)).toEqual({ sequence: 1, previousHash: null });
    expect(nextLink({ sequence: 7, hash: "h7" })).toEqual({ sequence: 8, previousHash: "h7" });
  });

  it("finds no break in a chain written entry after entry", () => {
    const entries = chain(4);
    expect(entries.map((entry, index) => findChainBreak(entries[index - 1] ?? null, entry))).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it("reports an entry whose content was changed after it was written", () => {
    const [first, second] = chain(2) as [StoredEntry, StoredEntry];
    expect(findChainBreak(first, { ...second, comment: "réécrit" })).toBe("altered_content");
    expect(findChainBreak(null, { ...first, details: { role: "PRINCIPAL_MANAGER" } })).toBe(
      "altered_content",
    );
  });

  it("reports the entry after a deleted one, including a deleted first entry", () => {
    const [first, , third] = chain(3) as [StoredEntry, StoredEntry, StoredEntry];
    expect(findChainBreak(first, third)).toBe("missing_entry");
    expect(findChainBreak(null, third)).toBe("missing_entry");
  });

  it("reports an entry whose previous hash no longer matches the entry before it", () => {
    const [first, second] = chain(2) as [StoredEntry, StoredEntry];
    expect(findChainBreak({ ...first, hash: "f".repeat(64) }, second)).toBe("broken_link");
    expect(findChainBreak(first, { ...second, previousHash: "f".repeat(64) })).toBe("broken_link");
  });

  it("finds the end of the chain where the last append left it, or reports entries deleted from the end", () => {
    const [first, second] = chain(2) as [StoredEntry, StoredEntry];
    const head = { sequence: second.sequence, hash: second.hash };
    expect(findTailBreak(second, head)).toBeNull();
    expect(findTailBreak(null, null)).toBeNull();
    expect(findTailBreak(first, head)).toBe("missing_last_entries");
    expect(findTailBreak(null, head)).toBe("missing_last_entries");
  });

  it("reports an end of the chain that is not the one the last append recorded", () => {
    const [, second] = chain(2) as [StoredEntry, StoredEntry];
    expect(findTailBreak(second, { sequence: 2, hash: "f".repeat(64) })).toBe("broken_link");
    expect(findTailBreak(second, { sequence: 1, hash: second.hash })).toBe("broken_link");
    expect(findTailBreak(second, null)).toBe("broken_link");
  });
});
