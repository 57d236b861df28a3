import type { WebClient } from "@slack/web-api";
import type { SlackAuth } from "../config.ts";
import { DeliveryError } from "../notify/outbox-worker.ts";
import type { ServiceContext } from "../services/context.ts";
import type { SlackDirectory } from "../services/slack-workspace/slack-identities.ts";
import { soleInstalledTeamId } from "../services/slack-workspace/slack-installations.ts";
import { botTokenOfWorkspace } from "./installation-store.ts";
import { webApiDirectory, workspaceOf } from "./web-api.ts";

/**
 * The Web API client a delivery goes through, the workspace it speaks for, and the identity lookups
 * it makes there, paced like its other calls.
 */
export interface DeliveryWorkspace {
  client: WebClient;
  teamId: () => Promise<string>;
  directory: SlackDirectory;
}

function deliveryWorkspace(client: WebClient, teamId: () => Promise<string>): DeliveryWorkspace {
  return { client, teamId, directory: webApiDirectory(async () => client) };
}

interface CachedClient {
  token: string;
  client: WebClient;
}

/** Which workspace, and so which bot token, each Slack delivery and identity lookup uses. */
export interface SlackWorkspaces {
  /**
   * The workspace of a delivery: the single one in token mode; over OAuth the one `hint` names (the
   * structure's or the account's), else the only one installed. Null when none can be told: the
   * delivery is skipped, as one to a user unknown in Slack is.
   */
  forDelivery(hint: () => Promise<string | null>): Promise<DeliveryWorkspace | null>;
  /** users.info and users.lookupByEmail for listeners, each in the workspace asked about, never paced. */
  directory: SlackDirectory;
}

/** How clients are made: for the outbox's deliveries, and for the identity lookups of listeners. */
export interface WebClientFactories {
  /** `teamId`: the workspace the token belongs to, when known (over OAuth). */
  delivery(token: string, teamId: string | undefined): WebClient;
  lookup(token: string): WebClient;
}

/**
 * Token mode: one bot token, one workspace (asked once with auth.test), and no hint ever computed.
 * OAuth mode: the token of each workspace is read from its installation at each use (one indexed
 * query), so a reinstallation's new token and an uninstallation are seen at once by every replica;
 * the clients are kept per workspace as long as its token stays the same.
 */
export function createSlackWorkspaces(options: {
  auth: SlackAuth;
  ctx: ServiceContext;
  clients: WebClientFactories;
}): SlackWorkspaces {
  const { auth, ctx, clients } = options;
  if (auth.mode === "token") {
    const client = clients.delivery(auth.botToken, undefined);
    const lookupClient = clients.lookup(auth.botToken);
    const single = deliveryWorkspace(client, workspaceOf(client));
    return { forDelivery: async () => single, directory: webApiDirectory(async () => lookupClient) };
  }

  const made = { delivery: new Map<string, CachedClient>(), lookup: new Map<string, CachedClient>() };
  async function clientOf(kind: keyof typeof made, teamId: string): Promise<WebClient | null> {
    const token = await botTokenOfWorkspace(ctx, teamId);
    if (!token) {
      made[kind].delete(teamId);
      return null;
    }
    const cached = made[kind].get(teamId);
    if (cached?.token === token) return cached.client;
    const client = kind === "delivery" ? clients.delivery(token, teamId) : clients.lookup(token);
    made[kind].set(teamId, { token, client });
    return client;
  }

  return {
    async forDelivery(hint) {
      const teamId = (await hint()) ?? (await soleInstalledTeamId(ctx));
      if (!teamId) return null;
      const client = await clientOf("delivery", teamId);
      // Retrying will not help until the workspace installs the app again.
      if (!client)
        throw new DeliveryError(`the app is not installed in workspace ${teamId}`, { permanent: true });
      return deliveryWorkspace(client, async () => teamId);
    },
    directory: webApiDirectory(async (teamId) => {
      const client = await clientOf("lookup", teamId);
      if (!client) throw new Error(`the app is not installed in workspace ${teamId}`);
      return client;
    }),
  };
}
