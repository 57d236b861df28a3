import { openAttachUser } from "../../../services/accounts/prepare-attach-user.ts";
import { requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { attachUserSearchModal, EMPTY_CRITERIA } from "./attach-user-modals.ts";

/** `/chorus rattacher <identifiant>`: searches an account to attach to the structure, or creates it. */
export const attachUserCommand = subcommand({
  words: ["rattacher"],
  help: (messages) => messages.commands.lines.rattacher,
  usage: (messages) => messages.attachUser.usage,
  parse: requiredIdentifier,
  who: "account",
  run: async ({ deps, messages, openModal }, identifier, manager) => {
    const structure = await openAttachUser(deps.ctx, manager, { identifier });
    return openModal(attachUserSearchModal(messages, { structure, criteria: EMPTY_CRITERIA, result: null }));
  },
});
