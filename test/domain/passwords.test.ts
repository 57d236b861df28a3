import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "../../src/security/passwords.ts";

describe("passwords", () => {
  it("generates 24-character passwords holding lower case, upper case, a digit and a symbol, never twice the same", () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    for (const password of passwords) {
      expect(password).toHaveLength(24);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[2-9]/);
      expect(password).toMatch(/[!#%*+\-=?@_]/);
    }
    expect(new Set(passwords).size).toBe(50);
  });

  it("stores a salted scrypt hash that verifies the password and nothing else", async () => {
    const password = generatePassword();
    const hash = await hashPassword(password);
    const again = await hashPassword(password);

    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain(password);
    expect(again).not.toBe(hash);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword(`${password}x`, hash)).toBe(false);
    expect(await verifyPassword(password, "plain-text")).toBe(false);
  });
});
