import type { App } from "@slack/bolt";
import { afterAcks } from "../../http/ack-first.ts";
import { FEATURES } from "../features/index.ts";
import { ActionIds } from "../ids.ts";
import { chorusButton, chorusCommand, chorusDispatcher } from "./chorus-command.ts";
import type { ListenerDeps } from "./deps.ts";
import { timeSlackHandling } from "./handling-time.ts";
import { holdUntilRecorded } from "./replays.ts";
import { createSlackRouter } from "./router.ts";
import { nameSlackAction } from "./slack-action.ts";
import { withTriggerDeadline } from "./trigger-deadline.ts";
import { refuseUnstorableCharacters } from "./unstorable-characters.ts";

/** Registers every listener: the guards every request passes, then each feature's, and `/chorus`. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.use(timeSlackHandling(deps.ctx.metrics));
  app.use(holdUntilRecorded);
  app.use(nameSlackAction);
  app.use(refuseUnstorableCharacters(deps));
  const dispatch = chorusDispatcher(
    deps,
    FEATURES.flatMap((feature) => feature.subcommands ?? []),
  );
  const router = createSlackRouter(deps);
  for (const feature of FEATURES) feature.register?.(router, deps);
  router.action(new RegExp(`^${ActionIds.runCommandPrefix}`), chorusButton(deps, dispatch));
  router.mount(app);
  const chorus = chorusCommand(deps, dispatch);
  app.command("/chorus", afterAcks(deps.workTurn, withTriggerDeadline(deps.ctx, chorus)));
}
