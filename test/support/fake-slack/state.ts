import type { FakeSlack, SlackArgs } from "./types.ts";

/**
 * What the Web API families (chat.ts, users.ts, views.ts, files.ts) read and change: the fake
 * workspace's state, kept by the server (server.ts), which routes each method to its family.
 */
export interface FakeSlackState
  extends Pick<
    FakeSlack,
    | "teamId"
    | "baseUrl"
    | "messages"
    | "ephemerals"
    | "views"
    | "homeViews"
    | "users"
    | "pendingFiles"
    | "uploads"
    | "fileShares"
    | "functionExecutions"
  > {
  /** A message timestamp, later than every earlier one. */
  nextTs(): string;
  /** An id with `prefix` ("V" for views, "F" for files…), never given before. */
  nextId(prefix: string): string;
  /** A view's hash, as views.update checks it. */
  newHash(): string;
}

/** How a family answers one method: from the state and the call's arguments. */
export type FamilyMethod = (slack: FakeSlackState, args: SlackArgs) => SlackArgs;
