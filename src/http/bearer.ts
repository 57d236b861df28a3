import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";

export function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Checks `Authorization: Bearer <token>` against `tokens`, in constant time (hashes compared, so
 * neither a token's length nor its first characters show in the timing): the hash of the token
 * presented when it is one of them, null otherwise.
 */
export function bearerChecker(tokens: readonly string[]): (req: Request) => Buffer | null {
  const known = tokens.map(sha256);
  return (req) => {
    const token = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1]?.trim() ?? "";
    const presented = sha256(token);
    if (!token || !known.some((candidate) => timingSafeEqual(candidate, presented))) return null;
    return presented;
  };
}
