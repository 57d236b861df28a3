import * as attachUser from "./attach-user/index.ts";
import * as fluxRejects from "./flux-rejects/index.ts";
import * as handover from "./handover/index.ts";
import * as history from "./history/index.ts";
import * as pendingList from "./pending-list/index.ts";
import * as requestDecision from "./request-decision/index.ts";
import * as structure from "./structure/index.ts";
import * as technicalUser from "./technical-user/index.ts";
import * as userSearch from "./user-search/index.ts";

/**
 * Every feature reached by clicks: each folder holds its listeners, its Block Kit builders and what
 * its modals carry, and registers its listeners in its index.ts. The Home tab (an event) and the
 * `/chorus` sub-commands are registered beside them, in listeners/index.ts.
 */
export const FEATURES = [
  requestDecision,
  pendingList,
  fluxRejects,
  structure,
  userSearch,
  handover,
  history,
  technicalUser,
  attachUser,
];
