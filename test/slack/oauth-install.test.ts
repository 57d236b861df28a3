import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SLACK_SCOPES, loadConfig } from "../../src/config.ts";
import { fr } from "../../src/i18n/fr.ts";
import { startRuntime } from "../../src/runtime.ts";
import { findSlackInstallation } from "../../src/services/slack-workspace/slack-installations.ts";
import { ActionIds, BlockIds, CallbackIds } from "../../src/slack/ids.ts";
import { type Harness, SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { captureLogs } from "../support/log-capture.ts";
import { fileRequest, principal, seedStructure } from "../support/scenario.ts";
import {
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

const OAUTH_ENV = {
  // Blank: unset, as OAuth mode has no single bot token.
  SLACK_BOT_TOKEN: "",
  SLACK_CLIENT_ID: "1111111111.2222222222",
  SLACK_CLIENT_SECRET: "test-client-secret-0123456789",
  SLACK_STATE_SECRET: "test-state-secret-0123456789",
  // As `openssl rand -base64 32` prints one.
  SECRETS_KEY: randomBytes(32).toString("base64"),
};

const TEAM_ONE = "T0000ONE1";
const TEAM_TWO = "T0000TWO2";

/** What the browser gets from /slack/install: Slack's authorize URL, and the state cookie. */
async function startInstall(
  h: Harness,
): Promise<{ status: number; authorizeUrl: URL; cookie: string; setCookie: string }> {
  const response = await fetch(`${h.baseUrl}/slack/install`, { redirect: "manual" });
  const setCookie = response.headers.get("set-cookie") ?? "";
  return {
    status: response.status,
    authorizeUrl: new URL(response.headers.get("location") ?? "about:blank"),
    setCookie,
    // Only "name=value" goes back, as a browser sends it.
    cookie: setCookie.split(";")[0] ?? "",
  };
}

/** Slack sending the browser back to the app after the user approved, with the code and state. */
async function oauthRedirect(h: Harness, query: Record<string, string>, cookie?: string) {
  const response = await fetch(`${h.baseUrl}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
  return { status: response.status, body: await response.text() };
}

/** The whole installation of the app in a workspace, as a user's browser goes through it. */
async function install(h: Harness, teamId: string): Promise<string> {
  const started = await startInstall(h);
  const { code, botToken } = h.slack.authorizeInstall({ teamId });
  const state = started.authorizeUrl.searchParams.get("state") ?? "";
  const done = await oauthRedirect(h, { code, state }, started.cookie);
  if (done.status !== 200) throw new Error(`installation refused with ${done.status}: ${done.body}`);
  return botToken;
}

describe("installation over OAuth in several workspaces", () => {
  const logs = captureLogs("trace");
  const h = useHarness({ ...OAUTH_ENV, LOG_LEVEL: "trace" }, { logger: logs.logger });

  async function command(teamId: string, text: string, channelId: string) {
    const responseUrl = h.slack.responseUrl();
    const sent = await sendSlashCommand({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      teamId,
      userId: principal.slackId,
      text,
      channelId,
      responseUrl,
    });
    return { status: sent.status, responseUrl };
  }

  async function answerTo(responseUrl: string): Promise<string> {
    await h.slack.waitFor(() => h.slack.responses.some((response) => response.url === responseUrl));
    const response = h.slack.responses.find((candidate) => candidate.url === responseUrl);
    return String(response?.body.text);
  }

  it("sends the browser from the install page to Slack's authorize page, with the manifest's scopes and a state also set in a cookie", async () => {
    const started = await startInstall(h);

    expect(started.status).toBe(302);
    expect(`${started.authorizeUrl.origin}${started.authorizeUrl.pathname}`).toBe(
      "https://slack.com/oauth/v2/authorize",
    );
    expect(started.authorizeUrl.searchParams.get("client_id")).toBe(OAUTH_ENV.SLACK_CLIENT_ID);
    expect(started.authorizeUrl.searchParams.get("scope")).toBe(DEFAULT_SLACK_SCOPES.join(","));
    const state = started.authorizeUrl.searchParams.get("state");
    expect(state).toBeTruthy();
    expect(started.cookie).toBe(`slack-app-oauth-state=${state}`);
    // Sent back by the browser from Slack's top-level redirect only, never with another site's request.
    expect(started.setCookie.split(/;\s*/).slice(1).sort()).toEqual(
      ["HttpOnly", "Max-Age=600", "Path=/", "SameSite=Lax", "Secure"].sort(),
    );
  });

  it("stores the workspace's installation when Slack comes back with the code and the browser's state, and never logs its token", async () => {
    logs.clear();
    const botToken = await install(h, TEAM_TWO);

    const stored = await h.database.prisma.slackInstallation.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      key: `T:${TEAM_TWO}`,
      teamId: TEAM_TWO,
      enterpriseId: null,
      isEnterpriseInstall: false,
      botUserId: "UBOT00001",
    });
    const owner = { teamId: TEAM_TWO, enterpriseId: null, isEnterpriseInstall: false };
    expect(await findSlackInstallation(h.runtime.ctx, owner)).toMatchObject({
      team: { id: TEAM_TWO },
      bot: { token: botToken },
    });
    // The code was exchanged at the fake Slack (SLACK_API_URL), with the app's credentials.
    expect(h.slack.callsTo("oauth.v2.access", { okOnly: true })).toEqual([
      expect.objectContaining({
        client_id: OAUTH_ENV.SLACK_CLIENT_ID,
        client_secret: OAUTH_ENV.SLACK_CLIENT_SECRET,
      }),
    ]);
    expect(logs.lines.some((line) => line.msg === "Slack installation stored")).toBe(true);
    expect(JSON.stringify(logs.lines)).not.toContain(botToken);
  });

  it("shows the person installing a French page that opens Slack on the app, with a link for the web version", async () => {
    const started = await startInstall(h);
    const { code } = h.slack.authorizeInstall({ teamId: TEAM_TWO });
    const state = started.authorizeUrl.searchParams.get("state") ?? "";

    const done = await oauthRedirect(h, { code, state }, started.cookie);

    expect(done.status).toBe(200);
    expect(done.body).toContain('<html lang="fr">');
    expect(done.body).toContain("<h1>Application installée</h1>");
    expect(done.body).toMatch(
      /<meta http-equiv="refresh" content="0; URL=slack:\/\/app\?team=T0000TWO2&amp;id=A\w+">/,
    );
    expect(done.body).toContain(`href="https://app.slack.com/client/${TEAM_TWO}"`);
  });

  it("refuses a redirect whose state is missing, belongs to another browser or was not signed by the app, and stores nothing", async () => {
    const started = await startInstall(h);
    const state = started.authorizeUrl.searchParams.get("state") ?? "";
    const { code } = h.slack.authorizeInstall({ teamId: TEAM_TWO });
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJpbnN0YWxsT3B0aW9ucyI6e319.forged";

    const missing = await oauthRedirect(h, { code }, started.cookie);
    const otherBrowser = await oauthRedirect(h, { code, state }, "slack-app-oauth-state=another");
    const unsigned = await oauthRedirect(h, { code, state: forged }, `slack-app-oauth-state=${forged}`);

    expect([missing.status, otherBrowser.status, unsigned.status]).toEqual([400, 400, 400]);
    // In the app's language, saying what to do, rather than Bolt's English page.
    expect(missing.body).toContain('<html lang="fr">');
    expect(missing.body).toContain("L&#39;installation a échoué");
    expect(otherBrowser.body).toContain("(raison : slack_oauth_invalid_state)");
    expect(h.slack.callsTo("oauth.v2.access")).toEqual([]);
    expect(await h.database.prisma.slackInstallation.count()).toBe(0);
  });

  it("answers a slash command from each of two workspaces with that workspace's token, and posts a structure's requests with its own workspace's token", async () => {
    const tokenOne = await install(h, TEAM_ONE);
    const tokenTwo = await install(h, TEAM_TWO);
    const structureOne = await seedStructure(h, { seed: 1001, channel: null });
    const structureTwo = await seedStructure(h, { seed: 2002, channel: null });

    const inOne = await command(TEAM_ONE, `canal ${structureOne.identifier}`, "CWORKONE01");
    const inTwo = await command(TEAM_TWO, `canal ${structureTwo.identifier}`, "CWORKTWO02");
    expect([inOne.status, inTwo.status]).toEqual([200, 200]);
    expect(await answerTo(inOne.responseUrl)).toContain(structureOne.identifier);
    expect(await answerTo(inTwo.responseUrl)).toContain(structureTwo.identifier);
    // The Slack profile of the manager was read in each workspace with that workspace's token.
    const profileReads = h.slack.calls.filter((call) => call.method === "users.info");
    expect(profileReads.map((call) => call.token).sort()).toEqual([tokenOne, tokenTwo].sort());
    const teams = await h.database.prisma.structure.findMany({
      select: { identifier: true, slackTeamId: true },
      orderBy: { identifier: "asc" },
    });
    expect(teams).toEqual(
      expect.arrayContaining([
        { identifier: structureOne.identifier, slackTeamId: TEAM_ONE },
        { identifier: structureTwo.identifier, slackTeamId: TEAM_TWO },
      ]),
    );

    const requestTwo = await fileRequest(h, structureTwo);
    const requestOne = await fileRequest(h, structureOne);
    await h.settle();

    const posts = h.slack.calls.filter((call) => call.method === "chat.postMessage" && call.ok);
    const postOf = (requestId: string) =>
      posts.find((call) => JSON.stringify(call.args.blocks).includes(requestId));
    expect(postOf(requestTwo)).toMatchObject({ token: tokenTwo, args: { channel: "CWORKTWO02" } });
    expect(postOf(requestOne)).toMatchObject({ token: tokenOne, args: { channel: "CWORKONE01" } });

    // A modal opened from workspace 2 goes through Bolt's client for workspace 2.
    const listed = await command(TEAM_TWO, "demandes", "CWORKTWO02");
    expect(listed.status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    expect(h.slack.calls.filter((call) => call.method === "views.open").map((call) => call.token)).toEqual([
      tokenTwo,
    ]);
  });

  it("updates each decided request's message in its own workspace's channel with that workspace's token", async () => {
    const tokenOne = await install(h, TEAM_ONE);
    const tokenTwo = await install(h, TEAM_TWO);
    const structureOne = await seedStructure(h, { seed: 1001, channel: null });
    const structureTwo = await seedStructure(h, { seed: 2002, channel: null });
    for (const [teamId, structure, channel] of [
      [TEAM_ONE, structureOne, "CWORKONE01"],
      [TEAM_TWO, structureTwo, "CWORKTWO02"],
    ] as const) {
      const bound = await command(teamId, `canal ${structure.identifier}`, channel);
      expect(bound.status).toBe(200);
      await answerTo(bound.responseUrl);
    }
    const requestOne = await fileRequest(h, structureOne);
    const requestTwo = await fileRequest(h, structureTwo);
    await h.settle();

    // The manager refuses each request from the workspace its structure is shown in.
    for (const [teamId, requestId] of [
      [TEAM_TWO, requestTwo],
      [TEAM_ONE, requestOne],
    ] as const) {
      const refused = await sendInteraction({
        baseUrl: h.baseUrl,
        secret: SIGNING_SECRET,
        payload: viewSubmissionPayload({
          teamId,
          userId: principal.slackId,
          callbackId: CallbackIds.refuseRequestModal,
          privateMetadata: JSON.stringify({ type: "attachment", requestId }),
          values: {
            [BlockIds.reason]: { [ActionIds.reasonInput]: { type: "plain_text_input", value: "Non" } },
          },
        }),
      });
      expect(refused.status).toBe(200);
    }
    await h.settle();

    const updates = h.slack.calls.filter((call) => call.method === "chat.update" && call.ok);
    const updatesOf = async (requestId: string) => {
      expect((await h.api("GET", `/api/v1/attachment-requests/${requestId}`)).json.status).toBe("REFUSED");
      const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
        where: { attachmentRequestId: requestId },
      });
      return updates
        .filter((call) => call.args.ts === shown.ts)
        .map((call) => ({ token: call.token, channel: call.args.channel }));
    };
    expect(await updatesOf(requestOne)).toEqual([{ token: tokenOne, channel: "CWORKONE01" }]);
    expect(await updatesOf(requestTwo)).toEqual([{ token: tokenTwo, channel: "CWORKTWO02" }]);
    expect(await h.database.prisma.outboxMessage.count({ where: { status: { not: "DONE" } } })).toBe(0);
  });

  it("uses a reinstalled workspace's new token at once, and reaches the managers of a structure without channel by DM in the workspace where they use the app", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);
    const structure = await seedStructure(h, { seed: 3003, channel: null });
    // The manager uses the app in workspace 2: that is where they are reached.
    const listed = await command(TEAM_TWO, "demandes", "CWORKTWO02");
    expect(listed.status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    const started = await startInstall(h);
    const { code, botToken: newToken } = h.slack.authorizeInstall({
      teamId: TEAM_TWO,
      botToken: "xoxb-two-again",
    });
    const state = started.authorizeUrl.searchParams.get("state") ?? "";
    expect((await oauthRedirect(h, { code, state }, started.cookie)).status).toBe(200);

    const requestId = await fileRequest(h, structure);
    await h.settle();

    const opened = h.slack.calls.filter((call) => call.method === "conversations.open" && call.ok);
    expect(opened).toEqual([
      expect.objectContaining({ token: newToken, args: { users: principal.slackId } }),
    ]);
    const posted = h.slack.calls.find(
      (call) => call.method === "chat.postMessage" && JSON.stringify(call.args.blocks).includes(requestId),
    );
    expect(posted).toMatchObject({ ok: true, token: newToken });
    expect(await h.database.prisma.slackInstallation.count()).toBe(2);
  });

  it("forgets a workspace that uninstalls the app or revokes its bot token, and then refuses its requests (401)", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);

    const uninstalled = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      teamId: TEAM_TWO,
      event: { type: "app_uninstalled" },
    });
    const revoked = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      teamId: TEAM_ONE,
      event: { type: "tokens_revoked", tokens: { bot: ["UBOT00001"] } },
    });

    expect([uninstalled.status, revoked.status]).toEqual([200, 200]);
    // Bolt acks events before their listener runs: the deletion follows the answer.
    await eventually(async () => (await h.database.prisma.slackInstallation.count()) === 0);
    // Bolt finds no installation for the workspace any more: the request is not authorized.
    const refused = await command(TEAM_TWO, "demandes", "CWORKTWO02");
    expect(refused.status).toBe(401);
    expect(
      h.slack.calls.filter((call) => call.method === "users.info" || call.method === "views.open"),
    ).toEqual([]);
  });

  it("refuses a member of another installed workspace showing a manager's e-mail once the manager's structure is bound to its workspace: no list, no export, no channel moved", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);
    const structure = await seedStructure(h, { seed: 4004, channel: null });
    const bound = await command(TEAM_ONE, `canal ${structure.identifier}`, "CWORKONE01");
    expect(await answerTo(bound.responseUrl)).toContain(structure.identifier);
    await fileRequest(h, structure);
    await h.settle();
    const before = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    h.slack.calls.length = 0;

    const answers = [];
    for (const text of ["demandes", `exporter ${structure.identifier}`, `canal ${structure.identifier}`]) {
      answers.push(await answerTo((await command(TEAM_TWO, text, "CWORKTWO02")).responseUrl));
    }

    expect(answers).toEqual(Array(3).fill(fr.errors.otherSlackWorkspace));
    expect(
      h.slack.calls.filter((call) =>
        [
          "views.open",
          "files.getUploadURLExternal",
          "files.completeUploadExternal",
          "chat.postMessage",
        ].includes(call.method),
      ),
    ).toEqual([]);
    expect(
      await h.database.prisma.structure.findUniqueOrThrow({ where: { identifier: structure.identifier } }),
    ).toEqual(before);
    // From its own workspace the manager goes on as before.
    const own = await command(TEAM_ONE, "demandes", "CWORKONE01");
    expect(own.status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
  });

  it("lets an operator bind a structure to a workspace through the API, after which its channel cannot be set from another one, even by a manager with structures in both", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);
    const structure = await seedStructure(h, { seed: 5005, channel: null });
    const other = await seedStructure(h, { seed: 6006, channel: null });
    for (const bound of [structure, other]) {
      const patched = await h.api("PATCH", `/api/v1/structures/${bound.identifier}`, {
        slackTeamId: TEAM_ONE,
      });
      expect(patched).toMatchObject({ status: 200, json: { slackTeamId: TEAM_ONE } });
    }
    const invalid = await h.api("PATCH", `/api/v1/structures/${structure.identifier}`, {
      slackTeamId: "nope",
    });
    expect(invalid.status).toBe(400);
    const fromTwo = await command(TEAM_TWO, "demandes", "CWORKTWO02");
    expect(await answerTo(fromTwo.responseUrl)).toBe(fr.errors.otherSlackWorkspace);
    // The manager's other structure moves to workspace 2: they may act from there, on that one only.
    await h.api("PATCH", `/api/v1/structures/${other.identifier}`, { slackTeamId: TEAM_TWO });

    const moved = await command(TEAM_TWO, `canal ${structure.identifier}`, "CWORKTWO02");

    expect(await answerTo(moved.responseUrl)).toBe(
      fr.errors.structureInOtherWorkspace(`${structure.designation} (${structure.identifier})`),
    );
    const set = await command(TEAM_ONE, `canal ${structure.identifier}`, "CWORKONE01");
    expect(await answerTo(set.responseUrl)).toContain(structure.identifier);
    expect(
      await h.database.prisma.structure.findUniqueOrThrow({
        where: { identifier: structure.identifier },
        select: { slackChannelId: true, slackTeamId: true },
      }),
    ).toEqual({ slackChannelId: "CWORKONE01", slackTeamId: TEAM_ONE });
  });

  it("shows a manager acting from a workspace only the structures it may act on: the pending list and the Home tab leave out a structure bound to another workspace, and keep one bound to none", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);
    const boundToOne = await seedStructure(h, { seed: 7007, channel: null });
    const unbound = await seedStructure(h, { seed: 8008, channel: null });
    await h.api("PATCH", `/api/v1/structures/${boundToOne.identifier}`, { slackTeamId: TEAM_ONE });
    await fileRequest(h, boundToOne);
    await fileRequest(h, unbound);
    await h.settle();
    h.slack.calls.length = 0;

    const listed = await command(TEAM_TWO, "demandes", "CWORKTWO02");
    expect(listed.status).toBe(200);
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.open"));
    await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      teamId: TEAM_TWO,
      event: { type: "app_home_opened", user: principal.slackId, channel: "DPRINC0001", tab: "home" },
    });
    await h.slack.waitFor((calls) => calls.some((call) => call.method === "views.publish"));

    const shown = (method: string) => JSON.stringify(h.slack.callsTo(method).map((args) => args.view));
    for (const view of [shown("views.open"), shown("views.publish")]) {
      expect(view).toContain(unbound.identifier);
      expect(view).not.toContain(boundToOne.identifier);
    }
  });

  /** The installation table as PostgreSQL holds it: every column of every row, as text. */
  async function rawInstallations(): Promise<string> {
    const rows = await h.database.prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(t)::text AS "row" FROM "SlackInstallation" t`;
    return rows.map((row) => row.row).join("\n");
  }

  /** The app started again on the same database (a restart, or another replica), with `env` over the harness's. */
  function startAnotherApp(env: Record<string, string> = {}) {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.slack.apiUrl,
      SMTP_URL: h.smtp.url,
      PORT: "0",
      LOG_LEVEL: "silent",
      DIGEST_CRON: "off",
      REMINDER_CRON: "off",
      BULK_RECOVERY_CRON: "off",
      ...OAUTH_ENV,
      ...env,
    });
    return startRuntime(config, { database: h.database });
  }

  /** Files a request on a structure shown in a channel of the workspace; returns the token it was posted with. */
  async function tokenOfNextPost(teamId: string, seed: number): Promise<string | undefined> {
    const structure = await seedStructure(h, { seed, channel: null });
    const shown = await command(teamId, `canal ${structure.identifier}`, `C${seed}CHAN`);
    expect(shown.status).toBe(200);
    await answerTo(shown.responseUrl);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const posted = h.slack.calls.find(
      (call) => call.method === "chat.postMessage" && JSON.stringify(call.args.blocks).includes(requestId),
    );
    expect(posted?.ok).toBe(true);
    return posted?.token;
  }

  it("keeps no bot token in clear in the installation table, and still posts with the workspace's token", async () => {
    const botToken = await install(h, TEAM_ONE);

    const raw = await rawInstallations();
    expect(raw).not.toContain(botToken);
    expect(raw).not.toContain(botToken.slice(5));
    const [row] = await h.database.prisma.slackInstallation.findMany();
    expect(row?.sealedInstallation).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(row?.installation).toBeNull();
    expect(await tokenOfNextPost(TEAM_ONE, 4004)).toBe(botToken);
  });

  it("encrypts at start an installation an earlier version stored in clear, which works before and after", async () => {
    const botToken = await install(h, TEAM_ONE);
    const owner = { teamId: TEAM_ONE, enterpriseId: null, isEnterpriseInstall: false };
    const installation = await findSlackInstallation(h.runtime.ctx, owner);
    // The row as the versions before SECRETS_KEY wrote it.
    await h.database.prisma.$executeRaw`
      UPDATE "SlackInstallation" SET "installation" = ${JSON.stringify(installation)}::jsonb, "sealedInstallation" = NULL`;
    expect(await rawInstallations()).toContain(botToken);
    expect(await tokenOfNextPost(TEAM_ONE, 5005)).toBe(botToken);

    const restarted = await startAnotherApp();
    await restarted.stop();

    expect(await rawInstallations()).not.toContain(botToken);
    const [row] = await h.database.prisma.slackInstallation.findMany();
    expect(row?.sealedInstallation).toMatch(/^v1:/);
    expect(row?.installation).toBeNull();
    expect(await findSlackInstallation(h.runtime.ctx, owner)).toEqual(installation);
    expect(await tokenOfNextPost(TEAM_ONE, 6006)).toBe(botToken);
  });

  it("refuses to start with another SECRETS_KEY than the installations were encrypted with, saying what to do", async () => {
    await install(h, TEAM_ONE);
    await install(h, TEAM_TWO);
    const before = await rawInstallations();

    const started = startAnotherApp({ SECRETS_KEY: randomBytes(32).toString("base64") });

    const error = await started.then(
      async (runtime) => {
        await runtime.stop();
        return null;
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const [problem] = (error as ConfigError).problems;
    expect(problem).toMatch(/^SECRETS_KEY: cette clé n'ouvre pas les installations Slack enregistrées/);
    expect(problem).toContain(`T:${TEAM_ONE}, T:${TEAM_TWO}`);
    expect(problem).toContain("This key does not open the stored Slack installations");
    expect(problem).toContain("install the app again in those workspaces");
    expect(await rawInstallations()).toBe(before);
  });

  it("keeps the installation when only user tokens are revoked", async () => {
    await install(h, TEAM_ONE);

    const revoked = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      teamId: TEAM_ONE,
      event: { type: "tokens_revoked", tokens: { oauth: ["UINSTALLER"] } },
    });

    expect(revoked.status).toBe(200);
    expect(await h.database.prisma.slackInstallation.count()).toBe(1);
  });
});

describe("the choice between one bot token and OAuth", () => {
  const signing = { SLACK_SIGNING_SECRET: SIGNING_SECRET };

  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it("stays in token mode, the default, with a bot token and no OAuth variable", () => {
    expect(loadConfig({ ...signing, SLACK_BOT_TOKEN: "xoxb-1" }).slackAuth).toEqual({
      mode: "token",
      botToken: "xoxb-1",
    });
  });

  it("goes over OAuth with the client id, secret and state secret, asking the manifest's scopes by default", () => {
    expect(loadConfig({ ...signing, ...OAUTH_ENV }).slackAuth).toEqual({
      mode: "oauth",
      clientId: OAUTH_ENV.SLACK_CLIENT_ID,
      clientSecret: OAUTH_ENV.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH_ENV.SLACK_STATE_SECRET,
      scopes: DEFAULT_SLACK_SCOPES,
    });
  });

  it("names what is missing when OAuth is half set, and refuses a bot token beside OAuth", () => {
    expect(problemsOf({ ...signing, SLACK_CLIENT_ID: OAUTH_ENV.SLACK_CLIENT_ID })).toEqual([
      "SLACK_CLIENT_SECRET: manquant en mode OAuth / missing in OAuth mode",
      "SLACK_STATE_SECRET: manquant en mode OAuth / missing in OAuth mode",
      expect.stringMatching(/^SECRETS_KEY: manquant en mode OAuth/),
    ]);
    expect(problemsOf({ ...signing, ...OAUTH_ENV, SLACK_BOT_TOKEN: "xoxb-1" })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: à retirer en mode OAuth/),
    ]);
  });

  it("refuses OAuth without SECRETS_KEY, saying in both languages what it protects and how to generate one", () => {
    const { SECRETS_KEY: _, ...withoutKey } = OAUTH_ENV;
    expect(problemsOf({ ...signing, ...withoutKey })).toEqual([
      "SECRETS_KEY: manquant en mode OAuth : cette clé chiffre les jetons des espaces de travail dans la base ; " +
        "générez-la avec « openssl rand -base64 32 » / missing in OAuth mode: this key encrypts the " +
        "workspaces' tokens in the database; generate it with `openssl rand -base64 32`",
    ]);
  });

  it("refuses a SECRETS_KEY that is not 32 bytes in base64 or hexadecimal, and takes both", () => {
    for (const bad of ["changeme", randomBytes(16).toString("base64"), "z".repeat(64)]) {
      expect(problemsOf({ ...signing, ...OAUTH_ENV, SECRETS_KEY: bad })).toEqual([
        "SECRETS_KEY: doit faire 32 octets, en base64 (openssl rand -base64 32) ou en hexadécimal (64 caractères) / " +
          "must be 32 bytes, in base64 (openssl rand -base64 32) or in hexadecimal (64 characters)",
      ]);
    }
    const key = randomBytes(32);
    expect(loadConfig({ ...signing, ...OAUTH_ENV, SECRETS_KEY: key.toString("hex") }).SECRETS_KEY).toEqual(
      key,
    );
    expect(loadConfig({ ...signing, ...OAUTH_ENV, SECRETS_KEY: key.toString("base64") }).SECRETS_KEY).toEqual(
      key,
    );
  });

  it("still lists a missing bot token first, with the other missing variables, when nothing is set", () => {
    expect(problemsOf({})).toEqual([
      "SLACK_BOT_TOKEN: manquant / missing",
      "SLACK_SIGNING_SECRET: manquant / missing",
    ]);
  });
});
