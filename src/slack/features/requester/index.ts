import { ActionIds, CallbackIds } from "../../ids.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import {
  joinCommand,
  structureOptions,
  structurePicked,
  submitJoin,
  submitSubscribe,
  subscribeCommand,
} from "./ask-actions.ts";

/** Requesters in Slack: asking to join a structure, or for spaces, as the API does. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.options(ActionIds.askStructure, structureOptions(deps));
  router.action(ActionIds.askStructure, structurePicked(deps));
  router.view(CallbackIds.askJoinModal, submitJoin(deps));
  router.view(CallbackIds.askSubscribeModal, submitSubscribe(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [joinCommand, subscribeCommand];
