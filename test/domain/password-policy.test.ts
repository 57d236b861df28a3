import { describe, expect, it } from "vitest";
import { type PasswordOwner, passwordProblem } from "../../src/domain/password-policy.ts";

const owner: PasswordOwner = {
  loginEmail: "zoe.obrien@exemple.fr",
  firstName: "Zoé",
  lastName: "O'Brien",
};

/** The rule `password` breaks when typed the same twice. */
function problemOf(password: string, who: PasswordOwner = owner) {
  return passwordProblem(password, password, who);
}

describe("the password policy of the activation page", () => {
  it("wants 12 characters or more, counted as people see them", async () => {
    expect(await problemOf("onze-signes")).toBe("too_short");
    expect(await problemOf("Lève-toi😀 vite")).toBeNull();
  });

  it.each([
    ["twelve spaces", " ".repeat(12)],
    ["tabs, line breaks and non-breaking spaces", "\t\n\u00a0 \t\n\u00a0 \t\n\u00a0 "],
  ])("refuses a password of blanks only: %s", async (_, password) => {
    expect(await problemOf(password)).toBe("blank");
  });

  it.each([
    ["the login e-mail itself", "zoe.obrien@exemple.fr"],
    ["the login e-mail inside", "ZOE.OBRIEN@exemple.fr!!42"],
    ["the login's local part, punctuation aside", "Zoe-OBrien-2026-kiwi"],
  ])("refuses %s", async (_, password) => {
    expect(await problemOf(password)).toBe("contains_login");
  });

  it.each([
    ["the first name, accents and case aside", "ZOE pamplemousse volcan", owner],
    ["the last name, apostrophe aside", "obrien pamplemousse volcan", owner],
    [
      "one word of a compound first name",
      "hélène pamplemousse volcan",
      { loginEmail: "mh.durand@exemple.fr", firstName: "Marie-Hélène", lastName: "Durand" },
    ],
  ])("refuses %s", async (_, password, who) => {
    expect(await problemOf(password, who)).toBe("contains_name");
  });

  it("does not look for names shorter than three letters, which would be in too many passwords", async () => {
    expect(await problemOf("Galion pamplemousse volcan", { ...owner, lastName: "Li" })).toBeNull();
  });

  it.each([
    ["a common password", "123456789012", "common"],
    ["a common password with digits added", "Password1234", "common"],
    ["a repeated character", "aaaaaaaaaaaa", "too_weak"],
    ["a keyboard row", "azertyuiop12", "too_weak"],
  ])("refuses %s as too easy to guess", async (_, password, problem) => {
    expect(await problemOf(password)).toBe(problem);
  });

  it("gives the names and the login to zxcvbn too, which then scores their variants as easy guesses", async () => {
    // "Obrien" reversed is none of the fragments looked for, but zxcvbn knows it from the user inputs.
    expect(await problemOf("neirbo neirbo 1")).toBe("too_weak");
  });

  it("scores a very long password on its first 64 characters, which bounds zxcvbn's work", async () => {
    expect(await problemOf(`${"ab1!".repeat(16)}${"Un mot de passe robuste, enfin".repeat(100)}`)).toBe(
      "too_weak",
    );
    expect(await problemOf("Un mot de passe robuste, enfin".repeat(100))).toBeNull();
  });

  it("accepts several unrelated words, and wants the confirmation to be the same password", async () => {
    expect(await problemOf("un mot de passe solide")).toBeNull();
    expect(await passwordProblem("un mot de passe solide", "un mot de passe solide!", owner)).toBe(
      "mismatch",
    );
  });
});
