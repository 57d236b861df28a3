/**
 * A fake Slack Web API served over real HTTP, for end-to-end tests of the app with `@slack/web-api`
 * (`slackApiUrl: fake.apiUrl`). It checks every call against Slack's OpenAPI spec and the Block Kit
 * schema, records calls and keeps enough state (messages, views, users, files) to answer like Slack
 * does. server.ts serves, records, checks and paces the calls; each Web API family answers in its
 * own module (chat.ts, users.ts, views.ts, files.ts); read.ts reads what the app posted, typed.
 */

export * from "./read.ts";
export { startFakeSlack } from "./server.ts";
export type * from "./types.ts";
