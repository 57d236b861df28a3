import type { ListenerDeps } from "../../listeners/deps.ts";
import type { SlackRouter } from "../../listeners/router.ts";
import { appHomeOpened } from "./app-home-opened.ts";

/** The Home tab: the manager's structures and what waits there, rendered each time it is opened. */
export function register(router: SlackRouter, deps: ListenerDeps): void {
  router.event("app_home_opened", appHomeOpened(deps));
}
