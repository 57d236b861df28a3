import { createHash } from "node:crypto";

/**
 * The history of a structure is a hash chain: each entry's hash covers its content and the previous
 * entry's hash, so altering, deleting or reordering a row directly in the database shows when the
 * chain is recomputed. The same canonical form is written in SQL by the migration that chained the
 * entries existing before (prisma/migrations/20261128201318_history_hash_chain): keep them in step.
 */

/** What an entry's hash covers, as stored (dates as ISO strings, absent values as null). */
export interface ChainedContent {
  id: string;
  structureId: string;
  sequence: number;
  action: string;
  actorId: string | null;
  actorSlackUserId: string | null;
  targetUserId: string | null;
  attachmentRequestId: string | null;
  subscriptionRequestId: string | null;
  comment: string | null;
  /** The entry's JSON details, as stored (or as they will be once stored). */
  details: unknown;
  createdAt: Date;
}

/**
 * JSON with every object's keys sorted (code point order) and no spaces: a jsonb column gives keys
 * back in its own order, so the hash must not depend on it. Values are read as JSON.stringify reads
 * them (`toJSON`, so dates become ISO strings; undefined properties dropped, undefined in arrays null).
 */
export function canonicalJson(value: unknown): string {
  const json =
    value !== null && typeof value === "object" && "toJSON" in value && typeof value.toJSON === "function"
      ? (value.toJSON() as unknown)
      : value;
  if (json === null || typeof json !== "object") return JSON.stringify(json) ?? "null";
  if (Array.isArray(json)) return `[${json.map((item) => canonicalJson(item)).join(",")}]`;
  const record = json as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== "function")
    .sort(byCodePoint)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(",")}}`;
}

/** Code point order, as PostgreSQL's "C" collation sorts (the UTF-16 default differs past U+FFFF). */
function byCodePoint(left: string, right: string): number {
  const a = [...left].map((char) => char.codePointAt(0) ?? 0);
  const b = [...right].map((char) => char.codePointAt(0) ?? 0);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** SHA-256 (hex) of an entry's canonical content chained to the previous entry's hash. */
export function chainHash(content: ChainedContent, previousHash: string | null): string {
  // Field by field: a stored entry also carries its own hash, which must stay out of it.
  const hashed = {
    id: content.id,
    structureId: content.structureId,
    sequence: content.sequence,
    action: content.action,
    actorId: content.actorId,
    actorSlackUserId: content.actorSlackUserId,
    targetUserId: content.targetUserId,
    attachmentRequestId: content.attachmentRequestId,
    subscriptionRequestId: content.subscriptionRequestId,
    comment: content.comment,
    details: content.details ?? null,
    createdAt: content.createdAt.toISOString(),
    previousHash,
  };
  return createHash("sha256").update(canonicalJson(hashed), "utf8").digest("hex");
}

/** The link an entry continues from: the structure's last entry, or none for its first. */
export interface ChainTip {
  sequence: number;
  hash: string;
}

/** The sequence and previous hash a new entry takes after `tip`. */
export function nextLink(tip: ChainTip | null): { sequence: number; previousHash: string | null } {
  return tip ? { sequence: tip.sequence + 1, previousHash: tip.hash } : { sequence: 1, previousHash: null };
}

/**
 * Why a stored entry does not continue the chain: `missing_entry` (its sequence skips one: a row was
 * deleted), `broken_link` (its previousHash is not the previous entry's hash: a hash was changed or
 * rows swapped), `altered_content` (its hash does not match its content: a column was updated); or
 * why the chain does not end where it was last appended to: `missing_last_entries` (rows deleted from
 * its end, which leaves what remains a valid chain).
 */
export type ChainBreakReason = "missing_entry" | "broken_link" | "altered_content" | "missing_last_entries";

export interface StoredEntry extends ChainedContent {
  previousHash: string | null;
  hash: string;
}

/** Checks one entry against the one before it (entries read in sequence order); null when it holds. */
export function findChainBreak(previous: ChainTip | null, entry: StoredEntry): ChainBreakReason | null {
  const expected = nextLink(previous);
  if (entry.sequence !== expected.sequence) return "missing_entry";
  if (entry.previousHash !== expected.previousHash) return "broken_link";
  if (chainHash(entry, entry.previousHash) !== entry.hash) return "altered_content";
  return null;
}

/**
 * Checks the end of the chain read (`last`, null when no entry is left) against the head recorded by
 * the last append (`head`, null when nothing was ever appended); null when it ends there.
 */
export function findTailBreak(last: ChainTip | null, head: ChainTip | null): ChainBreakReason | null {
  if (!head) return last ? "broken_link" : null;
  if (!last || last.sequence < head.sequence) return "missing_last_entries";
  if (last.sequence !== head.sequence || last.hash !== head.hash) return "broken_link";
  return null;
}
