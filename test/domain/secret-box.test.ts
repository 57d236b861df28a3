import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseSecretsKey, SecretBoxError } from "../../src/security/secret-box.ts";

describe("the secret box that encrypts the secrets the database keeps", () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);
  const token = "xoxb-1111-2222-abcdefghijklmnop";

  it("seals a value into a versioned AES-256-GCM envelope that holds nothing of it, different each time, and opens it again", () => {
    const sealed = box.seal(token, "SlackInstallation:T:T1");
    const again = box.seal(token, "SlackInstallation:T:T1");

    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(token);
    expect(again).not.toBe(sealed);
    // A 12-byte IV, the ciphertext and a 16-byte tag.
    expect(Buffer.from(sealed.slice(3), "base64url")).toHaveLength(12 + token.length + 16);
    expect(box.open(sealed, "SlackInstallation:T:T1")).toBe(token);
    expect(box.open(again, "SlackInstallation:T:T1")).toBe(token);
  });

  it("refuses to open a value with another key, for another row, altered, or of an unknown version", () => {
    const sealed = box.seal(token, "SlackInstallation:T:T1");
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    const altered = `v1:${bytes.toString("base64url")}`;

    expect(() => createSecretBox(randomBytes(32)).open(sealed, "SlackInstallation:T:T1")).toThrow(
      SecretBoxError,
    );
    expect(() => box.open(sealed, "SlackInstallation:T:T2")).toThrow(SecretBoxError);
    expect(() => box.open(altered, "SlackInstallation:T:T1")).toThrow(SecretBoxError);
    expect(() => box.open(`v9:${sealed.slice(3)}`, "SlackInstallation:T:T1")).toThrow(SecretBoxError);
    expect(() => box.open("v1:AAAA", "SlackInstallation:T:T1")).toThrow(SecretBoxError);
  });

  it("takes a 32-byte key in base64, as openssl rand -base64 32 prints it, or in hexadecimal, and nothing else", () => {
    expect(parseSecretsKey(key.toString("base64"))).toEqual(key);
    expect(parseSecretsKey(key.toString("base64url"))).toEqual(key);
    expect(parseSecretsKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretsKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseSecretsKey(randomBytes(33).toString("base64"))).toBeNull();
    expect(parseSecretsKey("un mot de passe quelconque")).toBeNull();
  });
});
