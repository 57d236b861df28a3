import { createHash, randomBytes } from "node:crypto";

/** How long an activation link works after it is sent (the guide: 60 minutes). */
export const ACTIVATION_LINK_TTL_MS = 60 * 60 * 1000;

const SECRET_BYTES = 32;

/**
 * Only this hash is stored: a leaked database row cannot be turned back into a working link. SHA-256
 * without salt is enough here, as the secret is 256 random bits, not something a person chose.
 */
export function activationTokenHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A new link secret (sent in the e-mail, never stored) and the hash to store. */
export function newActivationSecret(): { secret: string; tokenHash: string } {
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { secret, tokenHash: activationTokenHash(secret) };
}
