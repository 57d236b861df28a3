/** What every interaction body (block action, modal submission, options request) says of its sender. */
interface SentBy {
  team?: { id: string } | null;
  user: { id: string; team_id?: string };
}

/**
 * The workspace and the Slack user an interaction comes from: the body's team, or the user's where a
 * body names none.
 */
export function whoSent(body: SentBy): { teamId: string; slackUserId: string } {
  return { teamId: body.team?.id ?? body.user.team_id ?? "", slackUserId: body.user.id };
}
