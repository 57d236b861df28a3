import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Secrets kept in the database (the bot tokens of OAuth installations) are stored as
 * `v1:<base64url(iv ‖ ciphertext ‖ tag)>`: AES-256-GCM under SECRETS_KEY, a random 12-byte IV per
 * value, its 16-byte authentication tag, and a context (the row the value belongs to) bound as
 * additional authenticated data, so a value copied into another row does not open. The version
 * prefix names the key and algorithm: a later key rotation adds "v2" beside it.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_BYTES = 32;

/** A sealed value that does not open: another key, another row's value, or a damaged one. */
export class SecretBoxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SecretBoxError";
  }
}

export interface SecretBox {
  /** Encrypts `plaintext` for the row `context` names. */
  seal(plaintext: string, context: string): string;
  /** The plaintext of a value `seal` made with the same key and context; throws SecretBoxError otherwise. */
  open(sealed: string, context: string): string;
}

/**
 * SECRETS_KEY as the configuration takes it: 32 bytes, in hexadecimal (64 characters) or in base64
 * (`openssl rand -base64 32`; base64url too). Null when it is neither.
 */
export function parseSecretsKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const key = Buffer.from(value, "base64");
  return key.length === SECRETS_KEY_BYTES ? key : null;
}

/** Whether a stored value is one `seal` made (of any version), rather than a clear one. */
export function isSealed(value: string): boolean {
  return /^v\d+:/.test(value);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== SECRETS_KEY_BYTES) throw new Error(`the secrets key must be ${SECRETS_KEY_BYTES} bytes`);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const sealed = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
      return `${VERSION}:${sealed.toString("base64url")}`;
    },
    open(sealed, context) {
      const separator = sealed.indexOf(":");
      const version = sealed.slice(0, separator);
      if (separator < 0 || version !== VERSION)
        throw new SecretBoxError(`unknown sealed value version "${version}"`);
      const bytes = Buffer.from(sealed.slice(separator + 1), "base64url");
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("sealed value too short");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch (error) {
        throw new SecretBoxError("the sealed value does not open with this key", { cause: error });
      }
    },
  };
}
