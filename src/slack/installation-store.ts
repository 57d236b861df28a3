import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ServiceContext } from "../services/context.ts";
import {
  deleteSlackInstallation,
  findSlackInstallation,
  type InstallationOwner,
  saveSlackInstallation,
} from "../services/slack-workspace/slack-installations.ts";

function ownerOf(query: InstallationQuery<boolean>): InstallationOwner {
  return {
    teamId: query.teamId ?? null,
    enterpriseId: query.enterpriseId ?? null,
    isEnterpriseInstall: query.isEnterpriseInstall,
  };
}

/** Bolt's installationStore over the SlackInstallation table: every replica sees every workspace. */
export function prismaInstallationStore(ctx: ServiceContext): InstallationStore {
  return {
    async storeInstallation(installation) {
      await saveSlackInstallation(ctx, {
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        botUserId: installation.bot?.userId ?? null,
        // A JSON round trip drops the fields Bolt left undefined, which a JSON column refuses.
        installation: JSON.parse(JSON.stringify(installation)) as Prisma.InputJsonObject,
      });
    },
    async fetchInstallation(query) {
      const installation = await findSlackInstallation(ctx, ownerOf(query));
      // Bolt turns this into an authorization failure: the request is answered 401, no listener runs.
      if (!installation)
        throw new Error(`no Slack installation for ${query.enterpriseId ?? ""}/${query.teamId}`);
      return installation as unknown as Installation;
    },
    async deleteInstallation(query) {
      await deleteSlackInstallation(ctx, ownerOf(query));
    },
  };
}

/** The bot token a workspace's installation holds, or null when the app is not installed there. */
export async function botTokenOfWorkspace(ctx: ServiceContext, teamId: string): Promise<string | null> {
  const installation = await findSlackInstallation(ctx, {
    teamId,
    enterpriseId: null,
    isEnterpriseInstall: false,
  });
  return (installation as Partial<Installation> | null)?.bot?.token ?? null;
}
