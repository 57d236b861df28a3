import { exportCommand } from "./export-command.ts";

/** The structure's users and authorisations as CSV files ("Exporter"), sent by DM. */
export const subcommands = [exportCommand];
