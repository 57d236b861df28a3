import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { deleteSlackInstallation } from "../../../services/slack-workspace/slack-installations.ts";
import type { ListenerDeps } from "../deps.ts";

type UninstallArgs = (
  | SlackEventMiddlewareArgs<"app_uninstalled">
  | SlackEventMiddlewareArgs<"tokens_revoked">
) &
  AllMiddlewareArgs;

/**
 * Over OAuth, forgets a workspace's installation when it uninstalls the app or revokes its bot token:
 * its token no longer works, and nothing more is sent there. (Bolt lets these two events through
 * without an installation, and acks them itself.)
 */
export function installationRevoked(deps: ListenerDeps) {
  return async ({ event, context }: UninstallArgs): Promise<void> => {
    // Revoking only user tokens leaves the bot's: the app does not use user tokens.
    if (event.type === "tokens_revoked" && !event.tokens.bot?.length) return;
    await deleteSlackInstallation(deps.ctx, {
      teamId: context.teamId ?? null,
      enterpriseId: context.enterpriseId ?? null,
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    });
  };
}
