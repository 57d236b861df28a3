import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { myStructuresCommand } from "./my-structures.ts";
import {
  openIdentifierChange,
  openLinkedStructureCard,
  openStructureEdit,
  submitStructureEdit,
} from "./structure-actions.ts";
import { structureCardCommand } from "./structure-command.ts";
import { submitIdentifierChange, submitIdentifierChangeConfirmation } from "./submit-siret-change.ts";

/** The structure card, and the change of a structure's SIRET from it. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.action(ActionIds.changeStructureIdentifier, openIdentifierChange(deps));
  router.action(ActionIds.openStructureCard, openLinkedStructureCard(deps));
  router.action(ActionIds.editStructureOpen, openStructureEdit(deps));
  router.view(CallbackIds.editStructureModal, submitStructureEdit(deps));
  router.view(CallbackIds.identifierChangeConfirmModal, submitIdentifierChangeConfirmation(deps));
  router.view(CallbackIds.identifierChangeModal, submitIdentifierChange(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [myStructuresCommand, structureCardCommand];
