import { isMissing, resolveChannel, str, tzOffsetSeconds } from "./args.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type { FakeSlackUserInput, SlackArgs } from "./types.ts";

function openConversation(_slack: FakeSlackState, args: SlackArgs): SlackArgs {
  if (!isMissing(args.channel)) {
    const channel = resolveChannel(args.channel);
    return channel === undefined
      ? { ok: false, error: "channel_not_found" }
      : { ok: true, channel: { id: channel } };
  }
  const users = (str(args.users) ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (users.some((id) => !/^[UW][A-Z0-9]{2,}$/.test(id))) {
    return { ok: false, error: "user_not_found" };
  }
  const id =
    users.length === 1 ? `D${users[0]?.slice(1)}` : `G${users.map((user) => user.slice(1)).join("")}`;
  return { ok: true, no_op: false, already_open: false, channel: { id } };
}

export function userObject(slack: FakeSlackState, user: FakeSlackUserInput): SlackArgs {
  const tz = user.tz ?? "Europe/Paris";
  const name = user.name ?? user.email.split("@")[0] ?? user.id;
  const realName = user.realName ?? name;
  const displayName = user.displayName ?? "";
  return {
    id: user.id,
    team_id: slack.teamId,
    name,
    deleted: false,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz),
    is_bot: false,
    is_admin: false,
    is_restricted: false,
    is_email_confirmed: user.emailConfirmed ?? true,
    profile: {
      email: user.email,
      real_name: realName,
      real_name_normalized: realName,
      display_name: displayName,
      display_name_normalized: displayName,
      team: slack.teamId,
    },
  };
}

function lookupByEmail(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const email = (str(args.email) ?? "").toLowerCase();
  const user = [...slack.users.values()].find((candidate) => candidate.email.toLowerCase() === email);
  return user === undefined
    ? { ok: false, error: "users_not_found" }
    : { ok: true, user: userObject(slack, user) };
}

function usersInfo(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const user = slack.users.get(str(args.user) ?? "");
  return user === undefined
    ? { ok: false, error: "user_not_found" }
    : { ok: true, user: userObject(slack, user) };
}

/** users.* and conversations.open: the workspace's people, and the DMs with them. */
export const USERS_METHODS: Record<string, FamilyMethod> = {
  "conversations.open": openConversation,
  "users.lookupByEmail": lookupByEmail,
  "users.info": usersInfo,
};
