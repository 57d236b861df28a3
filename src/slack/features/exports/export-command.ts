import { exportAuthorisations } from "../../../services/exports/export-authorisations.ts";
import { exportStructureUsers } from "../../../services/exports/export-structure-users.ts";
import { subcommand } from "../../listeners/subcommand.ts";
import { uploadExportToDm } from "../../upload-file.ts";

/** The second word of `/chorus exporter <identifiant> [utilisateurs|habilitations]`; users by default. */
const EXPORT_KINDS = new Map<string, "users" | "authorisations">([
  ["utilisateurs", "users"],
  ["users", "users"],
  ["habilitations", "authorisations"],
  ["authorisations", "authorisations"],
]);

/** `/chorus exporter`: the structure's users or authorisations as a CSV file, by DM. */
export const exportCommand = subcommand({
  words: ["exporter"],
  help: (messages) => messages.commands.lines.exporter,
  usage: (messages) => messages.exports.usage,
  parse: (words) => {
    const [identifier, kindWord = "utilisateurs"] = words;
    const kind = EXPORT_KINDS.get(kindWord.toLowerCase());
    return identifier && kind && words.length <= 2 ? { identifier, kind } : null;
  },
  who: "account",
  run: async ({ deps, messages, command, client }, { identifier, kind }, manager) => {
    const exported =
      kind === "users"
        ? await exportStructureUsers(deps.ctx, manager, { identifier })
        : await exportAuthorisations(deps.ctx, manager, { identifier });
    await uploadExportToDm(client, command.user_id, exported);
    return messages.exports.sent(exported.filename);
  },
});
