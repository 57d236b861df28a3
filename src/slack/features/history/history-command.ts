import { openStructureHistory } from "../../../services/history/list-history.ts";
import { requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { historyModal } from "./history-modal.ts";

/** `/chorus historique <identifiant>`: the structure's history, newest first. */
export const historyCommand = subcommand({
  words: ["historique"],
  help: (messages) => messages.commands.lines.historique,
  usage: (messages) => messages.history.usage,
  parse: requiredIdentifier,
  who: "account",
  run: async ({ deps, messages, openModal }, identifier, manager) => {
    const history = await openStructureHistory(deps.ctx, manager, { identifier });
    return openModal(historyModal(messages, history));
  },
});
