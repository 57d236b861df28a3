import type { App } from "@slack/bolt";
import { afterAcks } from "../../http/ack-first.ts";
import { FEATURES } from "../features/index.ts";
import { chorusCommand } from "./chorus-command.ts";
import type { ListenerDeps } from "./deps.ts";
import { holdUntilRecorded } from "./replays.ts";
import { createSlackRouter } from "./router.ts";
import { nameSlackAction } from "./slack-action.ts";
import { withTriggerDeadline } from "./trigger-deadline.ts";
import { refuseUnstorableCharacters } from "./unstorable-characters.ts";

/** Registers every listener: the guards every request passes, then each feature's, and `/chorus`. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.use(holdUntilRecorded);
  app.use(nameSlackAction);
  app.use(refuseUnstorableCharacters(deps));
  const router = createSlackRouter(deps);
  for (const feature of FEATURES) feature.register?.(router, deps);
  router.mount(app);
  const chorus = chorusCommand(
    deps,
    FEATURES.flatMap((feature) => feature.subcommands ?? []),
  );
  app.command("/chorus", afterAcks(deps.workTurn, withTriggerDeadline(deps.ctx, chorus)));
}
