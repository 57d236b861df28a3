import type { RequestType } from "../../domain/requests.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { type SecretBox, SecretBoxError } from "../../security/secret-box.ts";
import type { ServiceContext } from "../context.ts";

/**
 * What names an installation: a workspace, or for an org-wide (Enterprise Grid) installation the org
 * alone, as its workspaces all share it.
 */
export interface InstallationOwner {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
}

/** "E:<enterpriseId>" for an org-wide installation, otherwise "T:<teamId>": the row's unique key. */
export function installationKey(owner: InstallationOwner): string {
  if (owner.isEnterpriseInstall) {
    if (!owner.enterpriseId) throw new Error("an org-wide installation needs its enterprise id");
    return `E:${owner.enterpriseId}`;
  }
  if (!owner.teamId) throw new Error("a workspace installation needs its team id");
  return `T:${owner.teamId}`;
}

/** What an installation's encryption is bound to: its row's key, so a value copied to another row does not open. */
function sealContext(key: string): string {
  return `SlackInstallation:${key}`;
}

function secretBoxOf(ctx: ServiceContext): SecretBox {
  // The configuration refuses OAuth mode without SECRETS_KEY: only a wiring mistake gets here.
  if (!ctx.secretBox) throw new Error("Slack installations are kept encrypted: SECRETS_KEY is needed");
  return ctx.secretBox;
}

/** A stored installation the configured SECRETS_KEY does not open: another key, or a damaged value. */
export class UnreadableSlackInstallationError extends Error {
  constructor(
    readonly key: string,
    options: { cause?: unknown },
  ) {
    super(
      `SECRETS_KEY does not open the stored Slack installation ${key}: it was encrypted with another key ` +
        "(every replica needs the same SECRETS_KEY), or the app must be installed there again",
      options,
    );
    this.name = "UnreadableSlackInstallationError";
  }
}

interface StoredInstallation {
  key: string;
  sealedInstallation: string | null;
  installation: Prisma.JsonValue | null;
}

/** The installation a row holds: decrypted, or as an earlier version stored it in clear (not yet encrypted). */
function openInstallation(ctx: ServiceContext, row: StoredInstallation): Prisma.JsonValue | null {
  if (row.sealedInstallation === null) return row.installation;
  try {
    return JSON.parse(
      secretBoxOf(ctx).open(row.sealedInstallation, sealContext(row.key)),
    ) as Prisma.JsonValue;
  } catch (error) {
    if (error instanceof SecretBoxError)
      throw new UnreadableSlackInstallationError(row.key, { cause: error });
    throw error;
  }
}

/**
 * Records a workspace's installation (OAuth redirect); a reinstallation replaces the earlier one, with
 * its new token. The installation is kept whole, as Bolt hands it over, encrypted with SECRETS_KEY
 * (it holds the tokens), and never logged.
 */
export async function saveSlackInstallation(
  ctx: ServiceContext,
  input: InstallationOwner & { botUserId: string | null; installation: Prisma.InputJsonObject },
): Promise<void> {
  const key = installationKey(input);
  const data = {
    teamId: input.isEnterpriseInstall ? null : input.teamId,
    enterpriseId: input.enterpriseId,
    isEnterpriseInstall: input.isEnterpriseInstall,
    botUserId: input.botUserId,
    sealedInstallation: secretBoxOf(ctx).seal(JSON.stringify(input.installation), sealContext(key)),
    installation: Prisma.DbNull,
  };
  await ctx.prisma.slackInstallation.upsert({ where: { key }, create: { key, ...data }, update: data });
  ctx.logger.info(
    {
      teamId: input.teamId,
      enterpriseId: input.enterpriseId,
      isEnterpriseInstall: input.isEnterpriseInstall,
    },
    "Slack installation stored",
  );
}

const STORED_INSTALLATION_SELECT = { key: true, sealedInstallation: true, installation: true } as const;

/** The installation stored for that owner, as it was saved, or null when the app is not installed there. */
export async function findSlackInstallation(
  ctx: ServiceContext,
  owner: InstallationOwner,
): Promise<Prisma.JsonValue | null> {
  const row = await ctx.prisma.slackInstallation.findUnique({
    where: { key: installationKey(owner) },
    select: STORED_INSTALLATION_SELECT,
  });
  return row ? openInstallation(ctx, row) : null;
}

/**
 * Over OAuth, at start: the keys of the stored installations that SECRETS_KEY does not open (the
 * app then refuses to start, rather than answer every workspace with errors).
 */
export async function unreadableSlackInstallations(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.prisma.slackInstallation.findMany({
    where: { sealedInstallation: { not: null } },
    select: STORED_INSTALLATION_SELECT,
    orderBy: { key: "asc" },
  });
  const unreadable: string[] = [];
  for (const row of rows) {
    try {
      openInstallation(ctx, row);
    } catch (error) {
      if (!(error instanceof UnreadableSlackInstallationError)) throw error;
      unreadable.push(row.key);
    }
  }
  return unreadable;
}

/**
 * Over OAuth, at start: encrypts the installations an earlier version stored in clear, and empties
 * their clear column. Each row is changed only if no other replica encrypted it meanwhile. Returns
 * how many were encrypted.
 */
export async function sealClearSlackInstallations(ctx: ServiceContext): Promise<number> {
  const box = secretBoxOf(ctx);
  const rows = await ctx.prisma.slackInstallation.findMany({
    where: { sealedInstallation: null, installation: { not: Prisma.DbNull } },
    select: { id: true, key: true, installation: true },
  });
  let sealed = 0;
  for (const row of rows) {
    const { count } = await ctx.prisma.slackInstallation.updateMany({
      where: { id: row.id, sealedInstallation: null },
      data: {
        sealedInstallation: box.seal(JSON.stringify(row.installation), sealContext(row.key)),
        installation: Prisma.DbNull,
      },
    });
    sealed += count;
  }
  return sealed;
}

/**
 * Forgets an installation (the app uninstalled, or its bot token revoked): nothing is sent there any
 * more. Deleting one already gone is not an error, as Slack may send the event again.
 */
export async function deleteSlackInstallation(ctx: ServiceContext, owner: InstallationOwner): Promise<void> {
  const { count } = await ctx.prisma.slackInstallation.deleteMany({ where: { key: installationKey(owner) } });
  ctx.logger.info(
    { teamId: owner.teamId, enterpriseId: owner.enterpriseId, deleted: count },
    "Slack installation deleted",
  );
}

/** The team of the one workspace installed, or null with none or several (then a hint is needed). */
export async function soleInstalledTeamId(ctx: ServiceContext): Promise<string | null> {
  const rows = await ctx.prisma.slackInstallation.findMany({
    where: { isEnterpriseInstall: false, teamId: { not: null } },
    select: { teamId: true },
    take: 2,
  });
  return rows.length === 1 ? (rows[0]?.teamId ?? null) : null;
}

/**
 * The workspace where an account is reached by DM: the one where it was last seen in Slack, else the
 * workspace of a structure it belongs to.
 */
export async function workspaceOfAccount(ctx: ServiceContext, accountId: string): Promise<string | null> {
  const identity = await ctx.prisma.slackIdentity.findFirst({
    where: { userAccountId: accountId, slackUserId: { not: null } },
    orderBy: { resolvedAt: "desc" },
    select: { teamId: true },
  });
  if (identity) return identity.teamId;
  const structure = await ctx.prisma.structure.findFirst({
    where: { slackTeamId: { not: null }, attachments: { some: { userId: accountId, status: "VALIDATED" } } },
    orderBy: { identifier: "asc" },
    select: { slackTeamId: true },
  });
  return structure?.slackTeamId ?? null;
}

/**
 * The workspace of a structure: the one of its channel, else the one where its managers were last
 * seen in Slack (its requests then go to them by DM).
 */
export async function workspaceOfStructure(ctx: ServiceContext, structureId: string): Promise<string | null> {
  const structure = await ctx.prisma.structure.findUnique({
    where: { id: structureId },
    select: { slackTeamId: true },
  });
  if (structure?.slackTeamId) return structure.slackTeamId;
  const identity = await ctx.prisma.slackIdentity.findFirst({
    where: {
      slackUserId: { not: null },
      userAccount: {
        attachments: {
          some: {
            structureId,
            status: "VALIDATED",
            role: { in: ["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] },
          },
        },
      },
    },
    orderBy: { resolvedAt: "desc" },
    select: { teamId: true },
  });
  return identity?.teamId ?? null;
}

/** The workspace of a channel some structure shows its requests in, or null. */
export async function workspaceOfChannel(ctx: ServiceContext, channelId: string): Promise<string | null> {
  const structure = await ctx.prisma.structure.findFirst({
    where: { slackChannelId: channelId, slackTeamId: { not: null } },
    select: { slackTeamId: true },
  });
  return structure?.slackTeamId ?? null;
}

/** The workspace a request is shown in: its structure's. */
export async function workspaceOfRequest(
  ctx: ServiceContext,
  type: RequestType,
  requestId: string,
): Promise<string | null> {
  const where = { id: requestId };
  const select = { structureId: true };
  const request =
    type === "attachment"
      ? await ctx.prisma.attachmentRequest.findUnique({ where, select })
      : await ctx.prisma.subscriptionRequest.findUnique({ where, select });
  return request ? workspaceOfStructure(ctx, request.structureId) : null;
}
