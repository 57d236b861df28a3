import { AppError } from "../errors.ts";
import type { ServiceContext } from "./context.ts";

/**
 * The Slack Web API calls identity resolution needs (implemented over the WebClient by src/slack),
 * asked in one workspace: over OAuth, each workspace answers with its own token.
 */
export interface SlackDirectory {
  /**
   * The e-mail on a Slack user's profile (users.info), and whether Slack says its owner confirmed it
   * (true where Slack does not say); null when it shows none or Slack knows no such user.
   */
  emailOf(teamId: string, slackUserId: string): Promise<{ address: string; confirmed: boolean } | null>;
  /** The Slack user with that e-mail in the workspace (users.lookupByEmail), or null when there is none. */
  userIdByEmail(teamId: string, email: string): Promise<string | null>;
}

/** Someone acting from Slack, once mapped to their Chorus Pro account. */
export interface Actor {
  accountId: string;
  name: string;
  slackUserId: string | null;
  /** The Slack workspace it acts from; null when not known (a bulk run resumed by a job). */
  teamId: string | null;
}

/** Slack profiles change rarely: a resolved identity is trusted this long before asking Slack again. */
const IDENTITY_TTL_MS = 24 * 60 * 60 * 1000;
/** An address with no Slack user is asked again sooner, as people join the workspace. */
const UNKNOWN_IDENTITY_TTL_MS = 60 * 60 * 1000;

function freshSince(ctx: ServiceContext, ttlMs: number): Date {
  return new Date(ctx.now().getTime() - ttlMs);
}

/**
 * Maps the Slack user who clicked to their active Chorus Pro account through the e-mail of their
 * Slack profile (users.info, cached) and the account's login e-mail.
 */
export async function resolveSlackActor(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
): Promise<Actor> {
  const cached = await ctx.prisma.slackIdentity.findFirst({
    where: {
      teamId: who.teamId,
      slackUserId: who.slackUserId,
      resolvedAt: { gte: freshSince(ctx, IDENTITY_TTL_MS) },
    },
  });
  const email = cached?.email ?? (await profileEmail(ctx, directory, who));
  const account = await ctx.prisma.userAccount.findUnique({ where: { loginEmail: email } });
  if (!cached) {
    await rememberIdentity(ctx, {
      teamId: who.teamId,
      email,
      slackUserId: who.slackUserId,
      accountId: account?.id ?? null,
    });
  }
  if (account?.status !== "ACTIVE") {
    throw new AppError("forbidden", ctx.messages.errors.noAccountForSlackUser(email));
  }
  await assertActsFromItsWorkspace(ctx, account.id, who.teamId);
  return {
    accountId: account.id,
    name: `${account.firstName} ${account.lastName}`,
    slackUserId: who.slackUserId,
    teamId: who.teamId,
  };
}

/**
 * Over OAuth, a member of any installed workspace may show a manager's e-mail: an account whose
 * structures are all bound to other workspaces (their channel's, or the one an operator set) is
 * refused at once. One with a structure bound to no workspace yet may act from any, on that one
 * (assertManagerOf checks each structure's workspace).
 */
async function assertActsFromItsWorkspace(
  ctx: ServiceContext,
  accountId: string,
  teamId: string,
): Promise<void> {
  const workspaces = await ctx.prisma.structure.findMany({
    where: { attachments: { some: { userId: accountId, status: "VALIDATED" } } },
    distinct: ["slackTeamId"],
    select: { slackTeamId: true },
  });
  const mayActHere = workspaces.some(({ slackTeamId }) => slackTeamId === null || slackTeamId === teamId);
  if (workspaces.length > 0 && !mayActHere) {
    throw new AppError("forbidden", ctx.messages.errors.otherSlackWorkspace);
  }
}

/**
 * The e-mail of a Slack user's profile, lower-cased, asked afresh: refused when Slack shows none, or
 * says its owner never confirmed it (anyone could have typed a manager's address).
 */
export async function profileEmail(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
): Promise<string> {
  const email = await directory.emailOf(who.teamId, who.slackUserId);
  if (!email) throw new AppError("forbidden", ctx.messages.errors.noEmailForSlackUser);
  if (!email.confirmed) throw new AppError("forbidden", ctx.messages.errors.slackEmailNotConfirmed);
  return email.address.toLowerCase();
}

/** The Slack user id of an account (users.lookupByEmail on its login e-mail, cached), or null. */
export async function findSlackUserId(
  ctx: ServiceContext,
  directory: SlackDirectory,
  teamId: string,
  account: { id: string; loginEmail: string },
): Promise<string | null> {
  const cached = await ctx.prisma.slackIdentity.findUnique({
    where: { teamId_email: { teamId, email: account.loginEmail } },
  });
  if (cached) {
    const ttl = cached.slackUserId ? IDENTITY_TTL_MS : UNKNOWN_IDENTITY_TTL_MS;
    if (cached.resolvedAt >= freshSince(ctx, ttl)) return cached.slackUserId;
  }
  const slackUserId = await directory.userIdByEmail(teamId, account.loginEmail);
  await rememberIdentity(ctx, { teamId, email: account.loginEmail, slackUserId, accountId: account.id });
  return slackUserId;
}

async function rememberIdentity(
  ctx: ServiceContext,
  identity: { teamId: string; email: string; slackUserId: string | null; accountId: string | null },
): Promise<void> {
  const data = {
    slackUserId: identity.slackUserId,
    userAccountId: identity.accountId,
    resolvedAt: ctx.now(),
  };
  await ctx.prisma.slackIdentity.upsert({
    where: { teamId_email: { teamId: identity.teamId, email: identity.email } },
    create: { teamId: identity.teamId, email: identity.email, ...data },
    update: data,
  });
}
