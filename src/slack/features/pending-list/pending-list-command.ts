import { loadManagedStructureId, loadPendingList } from "../../../services/requests/load-pending-list.ts";
import { optionalIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { pendingListModal } from "./pending-list-modal.ts";

/** `/chorus demandes [identifiant]`: the pending requests of the manager's structures, or of one. */
export const pendingRequestsCommand = subcommand({
  words: ["demandes"],
  help: (messages) => messages.commands.lines.demandes,
  parse: optionalIdentifier,
  who: "account",
  run: async ({ deps, messages, openModal }, { identifier }, manager) => {
    const structureId = identifier ? await loadManagedStructureId(deps.ctx, manager, identifier) : null;
    const list = await loadPendingList(deps.ctx, manager, { structureId, type: null, page: 0 });
    return openModal(pendingListModal(messages, list));
  },
});
