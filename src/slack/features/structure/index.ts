import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { myStructuresCommand } from "./my-structures.ts";
import {
  chooseServiceAction,
  openServiceAdd,
  openServices,
  submitServiceDeactivation,
  submitServiceForm,
  turnServicesPage,
} from "./services-actions.ts";
import {
  openIdentifierChange,
  openLinkedStructureCard,
  openStructureEdit,
  submitStructureEdit,
  turnCardUsersPage,
} from "./structure-actions.ts";
import { structureCardCommand } from "./structure-command.ts";
import { submitIdentifierChange, submitIdentifierChangeConfirmation } from "./submit-siret-change.ts";

/** The structure card, its settings and services, and the change of a structure's SIRET from it. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.action(ActionIds.changeStructureIdentifier, openIdentifierChange(deps));
  router.action(ActionIds.openStructureCard, openLinkedStructureCard(deps));
  router.action(ActionIds.structureUsersPreviousPage, turnCardUsersPage(deps));
  router.action(ActionIds.structureUsersNextPage, turnCardUsersPage(deps));
  router.action(ActionIds.editStructureOpen, openStructureEdit(deps));
  router.view(CallbackIds.editStructureModal, submitStructureEdit(deps));
  router.action(ActionIds.manageServicesOpen, openServices(deps));
  router.action(ActionIds.servicesPreviousPage, turnServicesPage(deps));
  router.action(ActionIds.servicesNextPage, turnServicesPage(deps));
  router.action(ActionIds.serviceAdd, openServiceAdd(deps));
  router.action(ActionIds.serviceMenu, chooseServiceAction(deps));
  router.view(CallbackIds.serviceFormModal, submitServiceForm(deps));
  router.view(CallbackIds.serviceDeactivateModal, submitServiceDeactivation(deps));
  router.view(CallbackIds.identifierChangeConfirmModal, submitIdentifierChangeConfirmation(deps));
  router.view(CallbackIds.identifierChangeModal, submitIdentifierChange(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [myStructuresCommand, structureCardCommand];
