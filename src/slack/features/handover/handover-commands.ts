import { prepareDeactivation } from "../../../services/accounts/deactivate-account.ts";
import { reactivateAccount } from "../../../services/accounts/reactivate-account.ts";
import { prepareTransfer } from "../../../services/accounts/transfer-principal.ts";
import { noWords, requiredIdentifier, subcommand } from "../../listeners/subcommand.ts";
import { deactivateAccountModal, transferPrincipalModal } from "./handover-modals.ts";

/** `/chorus transferer <identifiant>`: the principal manager designates their successor. */
export const transferCommand = subcommand({
  words: ["transferer"],
  help: (messages) => messages.commands.lines.transferer,
  usage: (messages) => messages.handover.transferUsage,
  parse: requiredIdentifier,
  who: "account",
  run: async ({ deps, messages, openModal }, identifier, manager) => {
    const choice = await prepareTransfer(deps.ctx, manager, { identifier });
    return openModal(transferPrincipalModal(messages, choice));
  },
});

/** `/chorus desactiver`: "Désactiver mon compte", after handing over every principal role. */
export const deactivateCommand = subcommand({
  words: ["desactiver"],
  help: (messages) => messages.commands.lines.desactiver,
  parse: noWords,
  who: "account",
  run: async ({ deps, messages, openModal }, _, account) => {
    return openModal(deactivateAccountModal(messages, await prepareDeactivation(deps.ctx, account)));
  },
});

/** `/chorus reactiver`: a deactivated account cannot be an actor, so the use case identifies it itself. */
export const reactivateCommand = subcommand({
  words: ["reactiver"],
  help: (messages) => messages.commands.lines.reactiver,
  parse: noWords,
  who: "anyone",
  run: async ({ deps, messages, command }) => {
    await reactivateAccount(deps.ctx, deps.directory, {
      teamId: command.team_id,
      slackUserId: command.user_id,
    });
    return messages.handover.reactivated;
  },
});
