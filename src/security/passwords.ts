import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt at N = 2^15, r = 8, p = 1 (OWASP's minimum is 2^17 with p = 1, or this N with more memory
 * traded for time; ~60 ms here): slow enough against guessing, quick enough for a manager's click.
 */
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** scrypt needs 128 · N · r bytes; Node's default cap (32 MiB) is exactly that, so give it room. */
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { N: cost, r: blockSize, p: parallelism, maxmem: MAX_MEMORY },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** "scrypt$N$r$p$salt$key" (base64url): the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLELISM);
  return [
    "scrypt",
    COST,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/** Whether the password matches a hash made by hashPassword, in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallelism, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !cost || !blockSize || !parallelism || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), +cost, +blockSize, +parallelism);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const LOWER = "abcdefghijkmnopqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const SYMBOLS = "!#%*+-=?@_";
const ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;

/**
 * A strong random password (24 characters, ~150 bits) with every character class that password
 * policies ask for; look-alikes (l, I, O, 0, 1) are left out since it is read off a PDF.
 */
export function generatePassword(length = 24): string {
  const required = [LOWER, UPPER, DIGITS, SYMBOLS].map((chars) => chars[randomInt(chars.length)]);
  const rest = Array.from({ length: length - required.length }, () => ALPHABET[randomInt(ALPHABET.length)]);
  const characters = [...required, ...rest] as string[];
  // Fisher–Yates, so the required characters are not always first.
  for (let index = characters.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] as string, characters[index] as string];
  }
  return characters.join("");
}
