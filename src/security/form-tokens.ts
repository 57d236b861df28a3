import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * The key that signs the activation form's anti-forgery tokens, derived from a secret every replica
 * shares (the Slack signing secret) so that any replica checks what another issued, without storing
 * anything; the derivation's label keeps it apart from the secret's own use.
 */
export function formKeyFrom(sharedSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", sharedSecret, "", "chorus-bot activation form token", 32));
}

/** The token the activation form carries in a hidden field: bound to its link, signed by the app. */
export function activationFormToken(key: Buffer, linkSecret: string): string {
  return createHmac("sha256", key).update(`activation-form:${linkSecret}`).digest("base64url");
}

/** Whether a submitted token is the one the app gave the form of this link (in constant time). */
export function isActivationFormToken(key: Buffer, linkSecret: string, token: unknown): boolean {
  if (typeof token !== "string") return false;
  const expected = Buffer.from(activationFormToken(key, linkSecret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
