/**
 * What user search compares: lower case, accents and ligatures folded, so that "Hélène", "HELENE"
 * and "helene" all match "hél". Stored next to each searched column (…Key) and applied to the
 * criteria, so that the database compares plain strings and can use its indexes.
 */
export function searchKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .trim();
}

/** The search keys stored with an account's names. */
export function nameKeys(person: { lastName: string; firstName: string }) {
  return { lastNameKey: searchKey(person.lastName), firstNameKey: searchKey(person.firstName) };
}
