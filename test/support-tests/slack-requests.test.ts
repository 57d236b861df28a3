import type { AddressInfo } from "node:net";
import { App, LogLevel, verifySlackRequest } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";
import {
  blockActionsPayload,
  sendEvent,
  sendInteraction,
  sendSlackRequest,
  sendSlashCommand,
  signSlackBody,
  slackOption,
  slashCommandBody,
  viewSubmissionPayload,
} from "../support/slack-requests.ts";

const SECRET = "test-signing-secret";

describe("signSlackBody", () => {
  it("produces headers that Bolt's request verification accepts", () => {
    const body = "payload=%7B%7D";
    const headers = signSlackBody(SECRET, body);
    expect(headers["X-Slack-Signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          "x-slack-signature": headers["X-Slack-Signature"],
          "x-slack-request-timestamp": Number(headers["X-Slack-Request-Timestamp"]),
        },
      }),
    ).not.toThrow();
  });

  it("produces a signature that Bolt rejects for another secret", () => {
    const headers = signSlackBody("another-secret", "a=b", 1_700_000_000);
    expect(headers["X-Slack-Request-Timestamp"]).toBe("1700000000");
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: "a=b",
        headers: {
          "x-slack-signature": headers["X-Slack-Signature"],
          "x-slack-request-timestamp": 1_700_000_000,
        },
        nowMilliseconds: 1_700_000_000_000,
      }),
    ).toThrow();
  });
});

describe("slashCommandBody", () => {
  it("contains the form fields Slack sends for a slash command", () => {
    const body = slashCommandBody({ text: "help", userId: "U0000ALICE", channelId: "C0000TEST" });
    expect(body).toMatchObject({
      command: "/chorus",
      text: "help",
      user_id: "U0000ALICE",
      channel_id: "C0000TEST",
      team_id: "T0000TEST",
    });
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        "token",
        "team_domain",
        "channel_name",
        "user_name",
        "api_app_id",
        "response_url",
      ]),
    );
    expect(body.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
  });
});

describe("signed requests to a Bolt app backed by the fake Slack", () => {
  let fake: FakeSlack;
  let app: App;
  let baseUrl: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: "xoxb-test-token",
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.action("approve", async ({ ack, body, client }) => {
      await ack();
      if (body.type === "block_actions" && body.channel && body.message) {
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: "Approuvé",
          blocks: [{ type: "section", text: { type: "mrkdwn", text: `Approuvé par <@${body.user.id}>` } }],
        });
      }
    });
    app.view("request_access", async ({ ack, view }) => {
      const siret = view.state.values.siret?.value?.value ?? "";
      const role = view.state.values.role?.value?.selected_option?.value;
      if (!/^\d{14}$/.test(siret)) {
        await ack({ response_action: "errors", errors: { siret: "Le SIRET doit contenir 14 chiffres" } });
        return;
      }
      if (role === "broken") {
        // A deliberately invalid modal (title too long, no blocks) to check response validation.
        await ack({
          response_action: "update",
          view: {
            type: "modal",
            title: { type: "plain_text", text: "Un titre beaucoup trop long" },
            blocks: [],
          },
        });
        return;
      }
      await ack();
    });
    app.command("/chorus", async ({ ack, command, respond }) => {
      await ack();
      await respond({ response_type: "ephemeral", text: `Commande reçue : ${command.text}` });
    });
    app.event("app_home_opened", async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Bienvenue" } }] },
      });
    });
    const server = await app.start(0);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
    fake.takeViolations();
  });

  it("delivers a block_actions payload that Bolt routes to the action handler", async () => {
    const posted = await app.client.chat.postMessage({ channel: "C0000TEST", text: "Demande" });
    const result = await sendInteraction({
      baseUrl,
      secret: SECRET,
      payload: blockActionsPayload({
        userId: "U0000ALICE",
        actionId: "approve",
        value: "req-1",
        channelId: "C0000TEST",
        messageTs: posted.ts,
        responseUrl: fake.responseUrl(),
      }),
    });

    expect(result.status).toBe(200);
    await fake.waitFor((calls) => calls.some((call) => call.method === "chat.update"));
    expect(fake.message("C0000TEST", posted.ts ?? "")?.text).toBe("Approuvé");
    expect(fake.violations).toEqual([]);
  });

  it("returns the response_action errors of a view_submission handler", async () => {
    const result = await sendInteraction({
      baseUrl,
      secret: SECRET,
      checkResponseWith: fake,
      payload: viewSubmissionPayload({
        userId: "U0000ALICE",
        callbackId: "request_access",
        privateMetadata: JSON.stringify({ structureId: 1 }),
        values: {
          siret: { value: { type: "plain_text_input", value: "123" } },
          role: { value: { type: "static_select", selected_option: slackOption("manager", "Gestionnaire") } },
        },
      }),
    });

    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      response_action: "errors",
      errors: { siret: "Le SIRET doit contenir 14 chiffres" },
    });
    expect(fake.violations).toEqual([]);
  });

  it("records a violation when a view_submission answers with an invalid modal", async () => {
    await sendInteraction({
      baseUrl,
      secret: SECRET,
      checkResponseWith: fake,
      payload: viewSubmissionPayload({
        userId: "U0000ALICE",
        callbackId: "request_access",
        values: {
          siret: { value: { type: "plain_text_input", value: "12345678901234" } },
          role: { value: { type: "static_select", selected_option: slackOption("broken") } },
        },
      }),
    });

    expect(fake.violations).toEqual(
      expect.arrayContaining([
        "view_submission response (update): view.title.text is 27 characters long; Slack allows at most 24",
        expect.stringContaining("view<modal>.blocks: must NOT have fewer than 1 items"),
      ]),
    );
  });

  it("delivers a slash command whose respond() reaches the fake response URL", async () => {
    const responseUrl = fake.responseUrl();
    const result = await sendSlashCommand({
      baseUrl,
      secret: SECRET,
      text: "status 12345",
      userId: "U0000ALICE",
      channelId: "C0000TEST",
      responseUrl,
    });

    expect(result.status).toBe(200);
    const deadline = Date.now() + 2000;
    while (fake.responses.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(fake.responses).toEqual([
      expect.objectContaining({
        url: responseUrl,
        body: expect.objectContaining({ text: "Commande reçue : status 12345" }),
      }),
    ]);
  });

  it("delivers an Events API callback that Bolt routes to the event handler", async () => {
    const result = await sendEvent({
      baseUrl,
      secret: SECRET,
      event: { type: "app_home_opened", user: "U0000ALICE", channel: "D0000ALICE", tab: "home" },
    });

    expect(result.status).toBe(200);
    await fake.waitFor((calls) => calls.some((call) => call.method === "views.publish"));
    expect(fake.homeViews.get("U0000ALICE")).toMatchObject({ type: "home" });
  });

  it("is rejected by Bolt when the signature is wrong or the timestamp is stale", async () => {
    const body = new URLSearchParams(
      slashCommandBody({ text: "x", userId: "U0000ALICE", channelId: "C0000TEST" }),
    );
    const wrongSignature = await sendSlackRequest({
      baseUrl,
      secret: SECRET,
      body: body.toString(),
      signature: "v0=0000",
    });
    expect(wrongSignature.status).toBe(401);

    const stale = await sendSlackRequest({
      baseUrl,
      secret: SECRET,
      body: body.toString(),
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(stale.status).toBe(401);
  });
});
