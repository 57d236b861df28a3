import { searchKey } from "../domain/search-key.ts";
import type { Space } from "../generated/prisma/enums.ts";
import { fr } from "../i18n/fr.ts";

/**
 * Chorus Pro names its spaces in French whatever the app's language (`libelleEspace`), the way the
 * guide does, which fr.ts `spaces` keeps; their numeric codes are documented nowhere, so the label is
 * what maps them to the app's `Space`. Compared without case, accents or punctuation.
 */
function spaceKey(label: string): string {
  return searchKey(label)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const SPACE_BY_KEY = new Map<string, Space>(
  (Object.entries(fr.spaces) as [Space, string][]).flatMap(([space, label]) => [
    [spaceKey(label), space],
    // The enum's own name ("FACTURES_EMISES"), should a label ever be a code.
    [spaceKey(space), space],
  ]),
);

/** The app's space for a Chorus Pro space label, or null when the app has none. */
export function spaceOfLabel(label: string): Space | null {
  return SPACE_BY_KEY.get(spaceKey(label)) ?? null;
}

/** In the enum's order (the guide's), each once. */
export function sortedSpaces(spaces: Iterable<Space>): Space[] {
  const order = Object.keys(fr.spaces) as Space[];
  return [...new Set(spaces)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
