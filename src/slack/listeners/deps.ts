import type { ServiceContext } from "../../services/context.ts";
import type { SlackDirectory } from "../../services/slack-workspace/slack-identities.ts";

/**
 * What Slack listeners need: the use cases' context and the Slack directory for identities (asked in
 * the workspace of the request; Bolt's own `client` is already that workspace's).
 */
export interface ListenerDeps {
  ctx: ServiceContext;
  directory: SlackDirectory;
  /** Once the Slack requests received meanwhile are acknowledged, a turn of work (see http/ack-first.ts). */
  workTurn: () => Promise<() => void>;
}
