import { listFluxRejectFiles } from "../../../services/flux-rejects/list-flux-reject-files.ts";
import { subcommand } from "../../listeners/subcommand.ts";
import { fluxRejectsModal } from "./flux-rejects-modal.ts";

/** `/chorus rejets [identifiant]`: the flux-reject files of the manager's structures, or of one. */
export const fluxRejectsCommand = subcommand({
  words: ["rejets"],
  help: (messages) => messages.commands.lines.rejets,
  usage: (messages) => messages.fluxRejects.usage,
  parse: (words) => (words.length > 1 ? null : { identifier: words[0] ?? null }),
  who: "account",
  run: async ({ deps, messages, openModal }, { identifier }, manager) => {
    const list = await listFluxRejectFiles(deps.ctx, manager, { identifier });
    return openModal(fluxRejectsModal(messages, list));
  },
});
