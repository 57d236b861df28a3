import type { ListenerDeps } from "../listeners/deps.ts";
import type { SlackRouter } from "../listeners/router.ts";
import type { Subcommand } from "../listeners/subcommand.ts";
import * as absence from "./absence/index.ts";
import * as attachUser from "./attach-user/index.ts";
import * as channel from "./channel/index.ts";
import * as chorusPro from "./chorus-pro/index.ts";
import * as exportFiles from "./exports/index.ts";
import * as fluxRejects from "./flux-rejects/index.ts";
import * as handover from "./handover/index.ts";
import * as history from "./history/index.ts";
import * as home from "./home/index.ts";
import * as pendingList from "./pending-list/index.ts";
import * as requestDecision from "./request-decision/index.ts";
import * as requester from "./requester/index.ts";
import * as structure from "./structure/index.ts";
import * as technicalUser from "./technical-user/index.ts";
import * as userSearch from "./user-search/index.ts";
import * as workflowStep from "./workflow-step/index.ts";

/**
 * What a feature folder gives the app, from its index.ts: its listeners (buttons, modals, events),
 * and the `/chorus` sub-commands that open it.
 */
export interface SlackFeature {
  register?(router: SlackRouter, deps: ListenerDeps): void;
  subcommands?: readonly Subcommand[];
}

/** Every feature; `/chorus aide` lists their sub-commands in this order. */
export const FEATURES: readonly SlackFeature[] = [
  requestDecision,
  pendingList,
  userSearch,
  attachUser,
  technicalUser,
  structure,
  handover,
  history,
  fluxRejects,
  exportFiles,
  channel,
  chorusPro,
  absence,
  requester,
  home,
  workflowStep,
];
