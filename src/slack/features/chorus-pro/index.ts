import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { importCommand, submitImport } from "./import-actions.ts";
import { alignOnChorusPro, openChorusProStatus } from "./status-actions.ts";

/**
 * The real Chorus Pro, read through PISTE: `/chorus importer` and its form; « Statut dans Chorus Pro »
 * in a user's detail, and « Aligner sur Chorus Pro ».
 */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.view(CallbackIds.importStructureModal, submitImport(deps));
  router.action(ActionIds.chorusProStatusOpen, openChorusProStatus(deps));
  router.action(ActionIds.chorusProAlign, alignOnChorusPro(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [importCommand];
