import type { AccountSummary } from "../../../services/accounts/account-summary.ts";
import { detachUsers, loadDetachTarget } from "../../../services/accounts/detach-users.ts";
import { loadUserSearchChoices } from "../../../services/accounts/search-users.ts";
import { noWords, subcommand } from "../../listeners/subcommand.ts";
import { INITIAL_SEARCH_STATE } from "./search-state.ts";
import { userSearchModal } from "./user-search-modal.ts";

/** `/chorus utilisateurs`: "Rechercher un utilisateur" among the users of the manager's structures. */
export const userSearchCommand = subcommand({
  words: ["utilisateurs"],
  help: (messages) => messages.commands.lines.utilisateurs,
  parse: noWords,
  who: "account",
  run: async ({ deps, messages, openModal }, _, manager) => {
    const structures = await loadUserSearchChoices(deps.ctx, manager);
    return openModal(userSearchModal(messages, { state: INITIAL_SEARCH_STATE, structures, result: null }));
  },
});

/** `/chorus detacher <identifiant> <adresse de connexion>`: deletes one user's attachment to a structure. */
export const detachCommand = subcommand({
  words: ["detacher"],
  help: (messages) => messages.commands.lines.detacher,
  usage: (messages) => messages.detach.usage,
  parse: (words) => {
    const [identifier, loginEmail] = words;
    return identifier && loginEmail && words.length === 2 ? { identifier, loginEmail } : null;
  },
  who: "account",
  run: async ({ deps, messages }, target, manager) => {
    const { structure, userId } = await loadDetachTarget(deps.ctx, manager, target);
    const { detached, skipped } = await detachUsers(deps.ctx, manager, {
      structureId: structure.id,
      userIds: [userId],
    });
    const name = (account: AccountSummary) =>
      `${account.firstName} ${account.lastName} (${account.loginEmail})`;
    return [
      ...detached.map((account) =>
        messages.detach.detached(name(account), `${structure.designation} (${structure.identifier})`),
      ),
      ...skipped.map(({ account, reason }) =>
        reason === "principal_manager"
          ? messages.detach.skippedPrincipal(name(account))
          : messages.detach.skippedNotAttached(name(account)),
      ),
    ].join("\n");
  },
});
