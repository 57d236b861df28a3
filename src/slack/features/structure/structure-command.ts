import { loadStructureCard } from "../../../services/structures/load-structure-card.ts";
import { requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { structureCardModal } from "./structure-card.ts";

/** `/chorus structure <identifiant>`: the structure card, from which its SIRET can be changed. */
export const structureCardCommand = subcommand({
  words: ["structure"],
  help: (messages) => messages.commands.lines.structure,
  usage: (messages) => messages.structureCard.usage,
  parse: requiredIdentifier,
  who: "account",
  run: async ({ deps, messages, openModal }, identifier, manager) => {
    const card = await loadStructureCard(deps.ctx, manager, { identifier });
    return openModal(structureCardModal(messages, card));
  },
});
