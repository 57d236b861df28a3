import { AppError } from "../../errors.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { ServiceContext } from "../context.ts";

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

/** A Chorus Pro account as an actor needs it. */
interface ActorAccount {
  id: string;
  loginEmail: string;
  firstName: string;
  lastName: string;
  status: string;
  /** It holds a validated attachment on a structure the workspace may act on (bound to it, or to none). */
  attachedHere: boolean;
}

/**
 * The account behind a cached identity or a login e-mail, in one statement written out: every click
 * starts here, a burst of clicks must open its modals within the 3 s of Slack's trigger_id, and
 * Prisma's query compiler spends over 1 ms of CPU building this join each time.
 */
async function findActorAccount(
  ctx: ServiceContext,
  teamId: string,
  by: { slackUserId: string; resolvedSince: Date } | { email: string },
): Promise<{ email: string; account: ActorAccount | null } | null> {
  const source =
    "email" in by
      ? Prisma.sql`(SELECT ${by.email}::text AS "email") AS "wanted"`
      : Prisma.sql`(SELECT "email" FROM "SlackIdentity" WHERE "teamId" = ${teamId}
          AND "slackUserId" = ${by.slackUserId} AND "resolvedAt" >= ${by.resolvedSince} LIMIT 1) AS "wanted"`;
  const [row] = await ctx.prisma.$queryRaw<(Partial<ActorAccount> & { email: string })[]>`
    SELECT "wanted"."email", "a"."id", "a"."loginEmail", "a"."firstName", "a"."lastName",
      "a"."status"::text AS "status",
      EXISTS (
        SELECT 1 FROM "Attachment" AS "t" JOIN "Structure" AS "s" ON "s"."id" = "t"."structureId"
        WHERE "t"."userId" = "a"."id" AND "t"."status" = 'VALIDATED'
          AND ("s"."slackTeamId" IS NULL OR "s"."slackTeamId" = ${teamId})
      ) AS "attachedHere"
    FROM ${source} LEFT JOIN "UserAccount" AS "a" ON "a"."loginEmail" = "wanted"."email"`;
  if (!row) return null;
  const { email, ...account } = row;
  return { email, account: account.id ? (account as ActorAccount) : null };
}

/**
 * The Slack user's e-mail and the account it leads to: from the cached identity while fresh and
 * `enough` says so, otherwise from the profile's e-mail (users.info), remembered for next time.
 */
async function lookupSlackUser(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
  enough: (cached: Awaited<ReturnType<typeof findActorAccount>>) => boolean,
): Promise<Awaited<ReturnType<typeof findActorAccount>>> {
  const resolvedSince = freshSince(ctx, IDENTITY_TTL_MS);
  const cached = await findActorAccount(ctx, who.teamId, { slackUserId: who.slackUserId, resolvedSince });
  if (enough(cached)) return cached;
  const email = await profileEmail(ctx, directory, who);
  const found = await findActorAccount(ctx, who.teamId, { email });
  await rememberIdentity(ctx, {
    teamId: who.teamId,
    email,
    slackUserId: who.slackUserId,
    accountId: found?.account?.id ?? null,
  });
  return found;
}

/**
 * Maps the Slack user who clicked to their active Chorus Pro account through the e-mail of their
 * Slack profile (users.info, cached) and the account's login e-mail. A known clicker costs one
 * statement (identity, account and workspace check).
 */
export async function resolveSlackActor(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
): Promise<Actor> {
  const found = await lookupSlackUser(ctx, directory, who, (cached) => cached !== null);
  const account = found?.account;
  if (account?.status !== "ACTIVE") {
    throw new AppError("forbidden", ctx.messages.errors.noAccountForSlackUser(found?.email ?? ""));
  }
  if (!account.attachedHere) await assertActsFromItsWorkspace(ctx, account.id);
  return {
    accountId: account.id,
    name: `${account.firstName} ${account.lastName}`,
    slackUserId: who.slackUserId,
    teamId: who.teamId,
  };
}

/** Someone asking from Slack (a requester): their profile's e-mail, and the account it leads to, if any. */
export interface SlackRequester {
  email: string;
  slackUserId: string;
  teamId: string;
  /** Null: no Chorus Pro account has that login e-mail yet. */
  account: { id: string; firstName: string; lastName: string; status: string } | null;
}

/**
 * Maps the Slack user asking to their Chorus Pro account like resolveSlackActor, but lets through
 * whoever has none yet (they may ask to join a structure with their names) and an account still
 * "en cours d'activation"; a deactivated account is refused.
 */
export async function resolveSlackRequester(
  ctx: ServiceContext,
  directory: SlackDirectory,
  who: { teamId: string; slackUserId: string },
): Promise<SlackRequester> {
  // An identity cached without an account is asked again: the account may have been created since.
  const found = await lookupSlackUser(ctx, directory, who, (cached) => Boolean(cached?.account));
  const email = found?.email ?? "";
  const account = found?.account ?? null;
  if (account?.status === "DEACTIVATED")
    throw new AppError("forbidden", ctx.messages.errors.userDeactivated(account.loginEmail));
  return {
    email,
    slackUserId: who.slackUserId,
    teamId: who.teamId,
    account: account && {
      id: account.id,
      firstName: account.firstName,
      lastName: account.lastName,
      status: account.status,
    },
  };
}

/**
 * Over OAuth, a member of any installed workspace may show a manager's e-mail: an account whose
 * structures are all bound to other workspaces (their channel's, or the one an operator set) is
 * refused at once. One with a structure bound to no workspace yet may act from any, on that one
 * (assertManagerOf checks each structure's workspace). Asked only of an account with no attachment
 * this workspace may act on: is it attached anywhere at all?
 */
async function assertActsFromItsWorkspace(ctx: ServiceContext, accountId: string): Promise<void> {
  const elsewhere = await ctx.prisma.attachment.findFirst({
    where: { userId: accountId, status: "VALIDATED" },
    select: { id: true },
  });
  if (elsewhere) throw new AppError("forbidden", ctx.messages.errors.otherSlackWorkspace);
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

/** The Slack user id of an account by its id (findSlackUserId), or null when it is gone or not in Slack. */
export async function findSlackUserIdOfAccount(
  ctx: ServiceContext,
  directory: SlackDirectory,
  teamId: string,
  accountId: string,
): Promise<string | null> {
  const account = await ctx.prisma.userAccount.findUnique({
    where: { id: accountId },
    select: { id: true, loginEmail: true },
  });
  return account ? findSlackUserId(ctx, directory, teamId, account) : null;
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
