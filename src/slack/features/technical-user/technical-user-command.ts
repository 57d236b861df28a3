import { loadTechnicalUser } from "../../../services/accounts/create-technical-user.ts";
import { subcommand } from "../../listeners/subcommand.ts";
import { createTechnicalUserModal, technicalUserModal } from "./technical-user-modals.ts";

/** `/chorus technique <identifiant>`: creates the structure's technical user, or shows it. */
export const technicalUserCommand = subcommand({
  words: ["technique"],
  help: (messages) => messages.commands.lines.technique,
  usage: (messages) => messages.technicalUser.usage,
  parse: (words) => (words.length === 1 ? (words[0] ?? null) : null),
  who: "account",
  run: async ({ deps, messages, openModal }, identifier, manager) => {
    const { structure, technicalUser } = await loadTechnicalUser(deps.ctx, manager, { identifier });
    return openModal(
      technicalUser
        ? technicalUserModal(messages, structure, technicalUser)
        : createTechnicalUserModal(messages, structure),
    );
  },
});
