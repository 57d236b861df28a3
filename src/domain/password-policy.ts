import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/** The password an account holder chooses on the activation page must be at least this long. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * zxcvbn's score (0 to 4) a password must reach: 3 is "safely unguessable" (about 10^10 guesses),
 * out of reach of an online attack and costly offline against the scrypt hash.
 */
export const MIN_PASSWORD_SCORE = 3;

/**
 * zxcvbn scores this many first characters: its matching grows faster than the length (seconds for
 * a few thousand characters), and 64 characters that are not strong already make a weak password.
 */
const SCORED_LENGTH = 64;

/** Names and logins shorter than this are not looked for inside a password: "li" is in too many. */
const MIN_PERSONAL_FRAGMENT = 3;

/** Which rule a password chosen on the activation page breaks, in the order they are checked. */
export type PasswordProblem =
  | "too_short"
  | "blank"
  | "contains_login"
  | "contains_name"
  | "common"
  | "too_weak"
  | "mismatch";

/** Whose password it is: what it must not contain. */
export interface PasswordOwner {
  loginEmail: string;
  firstName: string;
  lastName: string;
}

/** Lower case, accents off, letters and digits only: "Zoé O'Brien" and "zoeobrien" compare equal. */
function folded(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function containsAny(password: string, fragments: string[]): boolean {
  const haystack = folded(password);
  return fragments
    .map(folded)
    .some((fragment) => fragment.length >= MIN_PERSONAL_FRAGMENT && haystack.includes(fragment));
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The login e-mail and its local part (before the @). */
function loginFragments(owner: PasswordOwner): string[] {
  const at = owner.loginEmail.lastIndexOf("@");
  return at > 0 ? [owner.loginEmail, owner.loginEmail.slice(0, at)] : [owner.loginEmail];
}

/** The first and last names, whole and word by word ("Marie-Hélène" → also "Marie", "Hélène"). */
function nameFragments(owner: PasswordOwner): string[] {
  return [owner.firstName, owner.lastName].flatMap((name) => [name, ...words(name)]);
}

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn-ts with the common dictionaries (passwords, diceware words, keyboard layouts) and the
 * French ones (words, first and last names). Loaded on the first password checked, not at start-up:
 * the dictionaries hold some 40 MB that an app nobody activates an account on does not need.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-fr"),
  ]).then(
    ([{ ZxcvbnFactory }, common, fr]) =>
      new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...fr.dictionary },
        graphs: common.adjacencyGraphs,
        translations: fr.translations,
        maxLength: SCORED_LENGTH,
        // l33t variants tried per word: its default (100) costs a second on "ab1!ab1!…".
        l33tMaxSubstitutions: 10,
      }),
  );
  return estimator;
}

/**
 * Checks the password chosen on the activation page and its confirmation: long enough, not blanks
 * only, without the login or the owner's names, not a common password, hard enough to guess (the
 * login and names are also given to zxcvbn, which then scores their variants as easy guesses), and
 * typed the same twice. Returns the first rule broken, or null.
 */
export async function passwordProblem(
  password: string,
  confirmation: string,
  owner: PasswordOwner,
): Promise<PasswordProblem | null> {
  // Counted in characters as people see them, not UTF-16 units.
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.trim() === "") return "blank";
  const login = loginFragments(owner);
  if (containsAny(password, login)) return "contains_login";
  const names = nameFragments(owner);
  if (containsAny(password, names)) return "contains_name";
  const zxcvbn = await loadEstimator();
  const result = zxcvbn.check(password, [...login, ...login.flatMap(words), ...names]);
  if (result.score < MIN_PASSWORD_SCORE) {
    const common = result.sequence.some((match) => match.dictionaryName === "passwords-common");
    return common ? "common" : "too_weak";
  }
  if (password !== confirmation) return "mismatch";
  return null;
}

/** The rules the activation page lists, each with its state as the person types and after sending. */
export type PasswordRule = "length" | "personal" | "strength" | "same";
export const PASSWORD_RULES: readonly PasswordRule[] = ["length", "personal", "strength", "same"];

/** Met, broken, or not checked yet (nothing typed). */
export type RuleState = "met" | "broken" | "unchecked";

/**
 * The state of every rule at once for a submitted password (passwordProblem stops at the first
 * broken one): what the page shows beside the field, without JavaScript too. Blanks only count as
 * easy to guess.
 */
export async function passwordRuleStates(
  password: string,
  confirmation: string,
  owner: PasswordOwner,
): Promise<Record<PasswordRule, RuleState>> {
  if (password === "")
    return { length: "unchecked", personal: "unchecked", strength: "unchecked", same: "unchecked" };
  const state = (met: boolean): RuleState => (met ? "met" : "broken");
  const login = loginFragments(owner);
  const names = nameFragments(owner);
  const zxcvbn = await loadEstimator();
  const score = zxcvbn.check(password, [...login, ...login.flatMap(words), ...names]).score;
  return {
    length: state([...password].length >= MIN_PASSWORD_LENGTH),
    personal: state(!containsAny(password, login) && !containsAny(password, names)),
    strength: state(password.trim() !== "" && score >= MIN_PASSWORD_SCORE),
    same: state(password === confirmation),
  };
}
