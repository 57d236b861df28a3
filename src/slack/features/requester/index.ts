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
import { cancelMyRequest, remindMyRequest } from "./my-requests-actions.ts";
import {
  dmThreadReply,
  openAnswer,
  openAskQuestion,
  submitAnswer,
  submitAskQuestion,
} from "./question-actions.ts";

/**
 * Requesters in Slack: asking to join a structure, or for spaces, as the API does; « Mes demandes »;
 * a manager's question on a request and its answer.
 */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.options(ActionIds.askStructure, structureOptions(deps));
  router.action(ActionIds.askStructure, structurePicked(deps));
  router.view(CallbackIds.askJoinModal, submitJoin(deps));
  router.view(CallbackIds.askSubscribeModal, submitSubscribe(deps));
  router.action(ActionIds.myRequestCancel, cancelMyRequest(deps));
  router.action(ActionIds.myRequestRemind, remindMyRequest(deps));
  router.action(ActionIds.askQuestionOpen, openAskQuestion(deps));
  router.view(CallbackIds.askQuestionModal, submitAskQuestion(deps));
  router.action(ActionIds.answerQuestionOpen, openAnswer(deps));
  router.view(CallbackIds.answerQuestionModal, submitAnswer(deps));
  router.event("message", dmThreadReply(deps));
}

/** Its `/chorus` sub-commands. */
export const subcommands = [joinCommand, subscribeCommand];
