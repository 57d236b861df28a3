import { type AppProcess, killAppProcesses, startAppProcess } from "../../test/support/app-process.ts";
import type { FakeSlack } from "../../test/support/fake-slack/index.ts";
import { validSiret } from "../../test/support/scenario.ts";
import { startSmtpSink } from "../../test/support/smtp-sink.ts";
import { waitUntil } from "./app.ts";
import { withTempDataDir } from "./data-dir.ts";
import { type BenchDatabaseKind, withThrowawayDatabase } from "./databases.ts";

/**
 * The app as operators run it (`npm start`'s command in a process of its own, on a fresh data
 * directory on disk, where it starts its embedded PostgreSQL server, or on a throwaway PostgreSQL
 * database), talking to `slack` and to an SMTP sink, for `use`.
 */
export async function withAppProcess<T>(
  kind: BenchDatabaseKind,
  slack: FakeSlack,
  use: (app: AppProcess) => Promise<T>,
): Promise<T> {
  const smtp = await startSmtpSink();
  const run = async (database: { url: string } | { dataDir: string }) => {
    // The outbox worker's default (blank is unset; the tests' helper polls every 100 ms), and info logs.
    const env = { LOG_LEVEL: "info", OUTBOX_POLL_MS: "" };
    const app = await startAppProcess({ slack, smtp, database, env });
    try {
      return await use(app);
    } finally {
      await app.stop();
    }
  };
  try {
    if (kind === "postgresql") return await withThrowawayDatabase("bench", (url) => run({ url }));
    return await withTempDataDir("chorus-app-bench", (dataDir) => run({ dataDir }));
  } finally {
    await killAppProcesses();
    await smtp.close();
  }
}

/** One manager's click to come: the manager, and the request message whose "Valider" they press. */
export interface ManagerClick {
  slackUserId: string;
  requestId: string;
  channelId: string;
  messageTs: string;
}

/** Calls the app's REST API; anything but 201 breaks the bench. */
async function create(app: AppProcess, path: string, body: unknown): Promise<{ id?: string }> {
  const { status, json } = await app.api("POST", path, body);
  if (status !== 201) throw new Error(`POST ${path} answered ${status}: ${JSON.stringify(json)}`);
  return json as { id?: string };
}

/**
 * Through the app's REST API, as a Chorus Pro back office would: `count` structures, each with its
 * channel and its principal manager (a user of the fake Slack workspace), each with one pending
 * attachment request, whose message the app posts in the channel; ten structures at a time. Names,
 * channels and SIRETs carry `prefix` and start at `firstSiret`, so that two benches do not meet.
 */
export async function seedManagerClicks(
  app: AppProcess,
  slack: FakeSlack,
  options: { count: number; prefix: string; firstSiret: number },
): Promise<ManagerClick[]> {
  const { count, prefix } = options;
  const channelOf = (index: number) => `C${prefix}${String(index).padStart(4, "0")}`;
  const seedOne = async (index: number): Promise<ManagerClick> => {
    const slackUserId = `U${prefix}${String(index).padStart(4, "0")}`;
    const managerEmail = `gestionnaire.${index}@${prefix.toLowerCase()}.test`;
    const requesterEmail = `demandeur.${index}@${prefix.toLowerCase()}.test`;
    const identifier = validSiret(options.firstSiret + index);
    const channelId = channelOf(index);
    slack.addUser({ id: slackUserId, email: managerEmail, realName: `Gestion Nº ${index}` });
    await create(app, "/api/v1/structures", {
      identifier,
      designation: `Commune nº ${index}`,
      kind: "PUBLIQUE",
      principalManager: { loginEmail: managerEmail, firstName: "Gestion", lastName: `Nº ${index}` },
      slackChannelId: channelId,
    });
    await create(app, "/api/v1/users", {
      loginEmail: requesterEmail,
      firstName: "Jeanne",
      lastName: `Nº ${index}`,
    });
    const request = await create(app, "/api/v1/attachment-requests", {
      structureIdentifier: identifier,
      userLoginEmail: requesterEmail,
    });
    return { slackUserId, requestId: String(request.id), channelId, messageTs: "" };
  };
  const clicks: ManagerClick[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, offset) => start + offset);
    clicks.push(...(await Promise.all(batch.map(seedOne))));
  }
  const posted = () =>
    [...slack.messages.values()].filter((message) => message.channel.startsWith(`C${prefix}`));
  await waitUntil(async () => posted().length === count, 300_000);
  const byChannel = new Map(posted().map((message) => [message.channel, message.ts]));
  return clicks.map((click) => {
    const messageTs = byChannel.get(click.channelId);
    if (!messageTs) throw new Error(`no message in ${click.channelId}`);
    return { ...click, messageTs };
  });
}
