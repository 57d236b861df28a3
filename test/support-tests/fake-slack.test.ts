import { ErrorCode, type Logger, LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack/index.ts";

const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

function plainText(text: string) {
  return { type: "plain_text" as const, text };
}

function slackErrorOf(error: unknown): { code?: string; data?: { error?: string }; retryAfter?: number } {
  return error as { code?: string; data?: { error?: string }; retryAfter?: number };
}

describe("fake Slack Web API", () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-test-token", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
    // A test here provokes violations on purpose: the next one starts without them.
    fake.takeViolations();
  });

  it("answers auth.test with the fake bot identity", async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: "T0000TEST",
      user_id: "UBOT00001",
      bot_id: "BBOT00001",
    });
    expect(fake.violations).toEqual([]);
  });

  it("accepts a valid chat.postMessage, stores the message and returns Slack's response shape", async () => {
    const blocks = [
      { type: "header", text: plainText("Nouvelle demande") },
      section("*Structure* : 12345"),
      {
        type: "actions",
        block_id: "decision",
        elements: [
          {
            type: "button",
            action_id: "approve",
            text: plainText("Approuver"),
            value: "req-1",
            style: "primary",
          },
          {
            type: "button",
            action_id: "reject",
            text: plainText("Refuser"),
            value: "req-1",
            style: "danger",
          },
        ],
      },
    ];
    const result = await client.chat.postMessage({ channel: "C0000TEST", text: "Nouvelle demande", blocks });

    expect(result.ok).toBe(true);
    expect(result.channel).toBe("C0000TEST");
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(result.message).toMatchObject({ type: "message", text: "Nouvelle demande", user: "UBOT00001" });
    expect(fake.violations).toEqual([]);
    expect(fake.callsTo("chat.postMessage")).toEqual([
      expect.objectContaining({ channel: "C0000TEST", text: "Nouvelle demande", blocks }),
    ]);
    expect(fake.message("C0000TEST", result.ts ?? "")).toMatchObject({ text: "Nouvelle demande", blocks });
  });

  it("gives each message a unique, increasing ts", async () => {
    const first = await client.chat.postMessage({ channel: "C0000TEST", text: "one" });
    const second = await client.chat.postMessage({ channel: "C0000TEST", text: "two" });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
  });

  it("maps a DM posted to a user id onto the D channel of that user", async () => {
    const result = await client.chat.postMessage({ channel: "U0000ALICE", text: "Bonjour" });
    expect(result.channel).toBe("D0000ALICE");
    expect(fake.message("U0000ALICE", result.ts ?? "")?.text).toBe("Bonjour");
    expect(fake.message("D0000ALICE", result.ts ?? "")?.text).toBe("Bonjour");
  });

  it("rejects a chat.postMessage without a channel and records the violation", async () => {
    const error = await client
      .apiCall("chat.postMessage", { text: "no channel" })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(error).data?.error).toBe("invalid_arguments");
    expect(fake.violations).toEqual([
      expect.stringContaining('chat.postMessage: missing required argument "channel"'),
    ]);
    expect(fake.calls[0]).toMatchObject({
      method: "chat.postMessage",
      ok: false,
      error: "invalid_arguments",
    });
  });

  it("rejects a section block with neither text nor fields", async () => {
    const error = await client.chat
      .postMessage({ channel: "C0000TEST", text: "x", blocks: [{ type: "section" } as never] })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(error).data?.error).toBe("invalid_arguments");
    expect(fake.violations).toContainEqual(
      'chat.postMessage: blocks[0]<section>: must have at least one of the properties "text" or "fields"',
    );
  });

  it("rejects a button without text inside an actions block", async () => {
    const blocks = [{ type: "actions", elements: [{ type: "button", action_id: "go", value: "1" }] }];
    await expect(
      client.chat.postMessage({ channel: "C0000TEST", text: "x", blocks: blocks as never }),
    ).rejects.toThrow();
    expect(fake.violations).toContainEqual(
      "chat.postMessage: blocks[0]<actions>.elements[0]<button>: must have required property 'text'",
    );
  });

  it("rejects a message with 51 blocks", async () => {
    const blocks = Array.from({ length: 51 }, (_, index) => section(`line ${index}`));
    await expect(client.chat.postMessage({ channel: "C0000TEST", text: "x", blocks })).rejects.toThrow();
    expect(fake.violations).toContainEqual(
      "chat.postMessage: blocks has 51 blocks; Slack allows at most 50 blocks in a message",
    );
  });

  it("rejects duplicate block_ids and duplicate action_ids in one actions block", async () => {
    const button = { type: "button", action_id: "same", text: plainText("Go") };
    const blocks = [
      { ...section("a"), block_id: "dup" },
      { type: "actions", block_id: "dup", elements: [button, button] },
    ];
    await expect(client.chat.postMessage({ channel: "C0000TEST", text: "x", blocks })).rejects.toThrow();
    expect(fake.violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining('block_id "dup" duplicates the block_id of block 0'),
        expect.stringContaining('action_id "same" duplicates the action_id of element 0'),
      ]),
    );
  });

  it("rejects a modal whose title has 25 characters", async () => {
    const view = { type: "modal" as const, title: plainText("x".repeat(25)), blocks: [section("Hello")] };
    await expect(client.views.open({ trigger_id: "1234.5678.abcd", view })).rejects.toThrow();
    expect(fake.violations).toContainEqual(
      "views.open: view.title.text is 25 characters long; Slack allows at most 24",
    );
  });

  it("rejects checkboxes with 11 options", async () => {
    const options = Array.from({ length: 11 }, (_, index) => ({
      text: plainText(`Option ${index}`),
      value: `${index}`,
    }));
    const view = {
      type: "modal" as const,
      title: plainText("Choix"),
      submit: plainText("Valider"),
      blocks: [
        {
          type: "input",
          block_id: "roles",
          label: plainText("Rôles"),
          element: { type: "checkboxes", options },
        },
      ],
    };
    await expect(client.views.open({ trigger_id: "1234.5678.abcd", view: view as never })).rejects.toThrow();
    expect(fake.violations).toContainEqual(
      "views.open: view.blocks[0]<input>.element<checkboxes> has 11 options; Slack allows at most 10 in checkboxes",
    );
  });

  it("opens and updates a valid modal, honouring the view hash", async () => {
    const view = {
      type: "modal" as const,
      callback_id: "request_access",
      title: plainText("Demande d'accès"),
      submit: plainText("Envoyer"),
      blocks: [
        {
          type: "input",
          block_id: "siret",
          label: plainText("SIRET"),
          element: { type: "plain_text_input", action_id: "value", max_length: 14 },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: "1234.5678.abcd", view });
    const viewId = opened.view?.id ?? "";
    expect(viewId).toMatch(/^V/);
    expect(opened.view).toMatchObject({ callback_id: "request_access", state: { values: {} } });

    const updated = await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const stale = await client.views
      .update({ view_id: viewId, hash: opened.view?.hash, view })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(stale).data?.error).toBe("hash_conflict");
    expect(fake.violations).toEqual([]);
  });

  it("publishes a home tab for a user", async () => {
    await client.views.publish({
      user_id: "U0000ALICE",
      view: { type: "home", blocks: [section("Accueil")] },
    });
    expect(fake.homeViews.get("U0000ALICE")).toMatchObject({ type: "home", blocks: [section("Accueil")] });
    expect(fake.violations).toEqual([]);
  });

  it("changes the stored message on chat.update and keeps its history", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0000TEST",
      text: "En attente",
      blocks: [section("⏳")],
    });
    const ts = posted.ts ?? "";
    const updated = await client.chat.update({
      channel: "C0000TEST",
      ts,
      text: "Approuvé",
      blocks: [section("✅")],
    });

    expect(updated).toMatchObject({ ok: true, channel: "C0000TEST", ts, text: "Approuvé" });
    expect(fake.message("C0000TEST", ts)).toMatchObject({ text: "Approuvé", blocks: [section("✅")] });
    expect(fake.message("C0000TEST", ts)?.history.map((version) => version.text)).toEqual([
      "En attente",
      "Approuvé",
    ]);
  });

  it("answers message_not_found when updating an unknown message", async () => {
    const error = await client.chat
      .update({ channel: "C0000TEST", ts: "1600000000.000001", text: "x" })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(error).data?.error).toBe("message_not_found");
    expect(fake.violations).toEqual([]);
  });

  it("turns failNext 429 into a rate-limited error from the client and counts it", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 2 });
    const error = await client.chat
      .postMessage({ channel: "C0000TEST", text: "x" })
      .catch((caught: unknown) => caught);

    expect(slackErrorOf(error).code).toBe(ErrorCode.RateLimitedError);
    expect(slackErrorOf(error).retryAfter).toBe(2);
    expect(fake.rateLimited).toBe(1);
    expect(fake.calls[0]).toMatchObject({ method: "chat.postMessage", failed: true, error: "ratelimited" });

    await expect(client.chat.postMessage({ channel: "C0000TEST", text: "x" })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("injects HTTP 500s and Slack errors for the requested number of calls", async () => {
    fake.failNext("chat.postEphemeral", { status: 500 });
    fake.failNext("chat.postEphemeral", { error: "channel_not_found" });
    const args = { channel: "C0000TEST", user: "U0000ALICE", text: "x" };

    const first = await client.chat.postEphemeral(args).catch((caught: unknown) => caught);
    expect(slackErrorOf(first).code).toBe(ErrorCode.HTTPError);
    const second = await client.chat.postEphemeral(args).catch((caught: unknown) => caught);
    expect(slackErrorOf(second).data?.error).toBe("channel_not_found");
    await expect(client.chat.postEphemeral(args)).resolves.toMatchObject({ ok: true });

    expect(fake.callsTo("chat.postEphemeral")).toHaveLength(3);
    expect(fake.callsTo("chat.postEphemeral", { okOnly: true })).toHaveLength(1);
  });

  it("finds a registered user with users.lookupByEmail and users.info", async () => {
    fake.addUser({ id: "U0000ALICE", email: "alice@example.test", realName: "Alice Martin" });

    const found = await client.users.lookupByEmail({ email: "Alice@Example.test" });
    expect(found.user).toMatchObject({
      id: "U0000ALICE",
      real_name: "Alice Martin",
      tz: "Europe/Paris",
      profile: { email: "alice@example.test" },
    });
    const info = await client.users.info({ user: "U0000ALICE" });
    expect(info.user?.profile?.real_name).toBe("Alice Martin");

    const missing = await client.users
      .lookupByEmail({ email: "nobody@example.test" })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(missing).data?.error).toBe("users_not_found");
  });

  it("opens a DM channel and builds permalinks", async () => {
    const opened = await client.conversations.open({ users: "U0000ALICE" });
    expect(opened.channel?.id).toBe("D0000ALICE");
    const link = await client.chat.getPermalink({ channel: "C0000TEST", message_ts: "1700000000.000100" });
    expect(link.permalink).toBe("https://fake.slack.test/archives/C0000TEST/p1700000000000100");
  });

  it("stores the bytes of a files.uploadV2 upload and records the channel it was shared to", async () => {
    const csv = Buffer.from("structure;statut\n12345;actif\n", "utf8");
    const result = await client.filesUploadV2({
      channel_id: "C0000TEST",
      file: csv,
      filename: "export.csv",
      title: "Export",
      initial_comment: "Voici l'export",
    });

    expect(result.ok).toBe(true);
    const [fileId] = [...fake.uploads.keys()];
    expect(fileId).toMatch(/^F/);
    expect(fake.uploads.get(fileId ?? "")?.equals(csv)).toBe(true);
    expect(fake.fileShares).toContainEqual(
      expect.objectContaining({
        fileId,
        channel: "C0000TEST",
        title: "Export",
        initialComment: "Voici l'export",
      }),
    );
    expect(fake.violations).toEqual([]);
  });

  it("answers invalid_auth to a wrong token without recording a violation", async () => {
    const intruder = new WebClient("xoxb-wrong", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger,
    });
    const error = await intruder.auth.test().catch((caught: unknown) => caught);
    expect(slackErrorOf(error).data?.error).toBe("invalid_auth");
    expect(fake.calls).toEqual([
      expect.objectContaining({ method: "auth.test", ok: false, error: "invalid_auth" }),
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("keeps the violations through a reset, so that a call Slack would have rejected still fails its test, and forgets them only once taken", async () => {
    await client.apiCall("chat.postMessage", { text: "no channel" }).catch(() => {});
    fake.reset();
    await client.chat.postMessage({ channel: "C0000TEST", text: "after the reset" });

    expect(fake.calls.map((call) => call.method)).toEqual(["chat.postMessage"]);
    const violation = 'chat.postMessage: missing required argument "channel"';
    expect(fake.violations).toEqual([violation]);
    expect(fake.takeViolations()).toEqual([violation]);
    expect(fake.violations).toEqual([]);
  });

  it("flags a method that does not exist in the spec", async () => {
    const error = await client
      .apiCall("chat.postMessages", { channel: "C0000TEST" })
      .catch((caught: unknown) => caught);
    expect(slackErrorOf(error).data?.error).toBe("unknown_method");
    expect(fake.violations).toEqual([expect.stringContaining("chat.postMessages: unknown_method")]);
  });

  it("flags an argument the method does not take, such as a misspelt blokcs, which Slack would silently ignore", async () => {
    await client
      .apiCall("chat.postMessage", { channel: "C0000TEST", text: "Demande", blokcs: [section("x")] })
      .catch(() => {});
    await client
      .apiCall("functions.completeError", { function_execution_id: "Fx1", error: "non", errror: "non" })
      .catch(() => {});

    expect(fake.violations).toEqual([
      expect.stringMatching(/^chat\.postMessage: unknown argument "blokcs"/),
      expect.stringMatching(/^functions\.completeError: unknown argument "errror"/),
    ]);
  });

  it("checks each argument's type as the spec gives it: a boolean as the client encodes it in a form, or a JSON boolean", async () => {
    const json = (method: string, body: object) =>
      fetch(`${fake.apiUrl}${method}`, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          authorization: "Bearer xoxb-test-token",
        },
        body: JSON.stringify(body),
      });
    // What @slack/web-api sends: a form body, booleans as "true"/"false", the team_id of its workspace.
    const teamClient = new WebClient("xoxb-test-token", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger,
      teamId: "T0000TEST",
    });
    await teamClient.chat.postMessage({
      channel: "C0000TEST",
      text: "ok",
      unfurl_links: false,
      mrkdwn: true,
    });
    await json("chat.postMessage", { channel: "C0000TEST", text: "json", unfurl_links: false });
    await teamClient.files.getUploadURLExternal({ filename: "a.csv", length: 12 });
    expect(fake.violations).toEqual([]);

    await client
      .apiCall("chat.postMessage", { channel: "C0000TEST", text: "x", unfurl_links: "yes" })
      .catch(() => {});
    await json("chat.postMessage", { channel: "C0000TEST", text: "json", unfurl_links: "true" });
    await json("chat.postMessage", { channel: "C0000TEST", text: "json", thread_ts: 1764000000.0001 });
    await client
      .apiCall("files.getUploadURLExternal", { filename: "a.csv", length: "12 octets" })
      .catch(() => {});
    await json("functions.completeError", { function_execution_id: "Fx1", error: { text: "non" } });
    expect(fake.violations).toEqual([
      'chat.postMessage: "unfurl_links" must be a boolean, got "yes"',
      'chat.postMessage: "unfurl_links" must be a boolean, got "true"',
      'chat.postMessage: "thread_ts" must be a string, got 1764000000.0001',
      'files.getUploadURLExternal: "length" must be an integer, got "12 octets"',
      'files.getUploadURLExternal: "length" must be a positive integer (byte size), got "12 octets"',
      'functions.completeError: "error" must be a string, got {"text":"non"}',
    ]);
  });

  it("accepts JSON bodies with nested objects", async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: "Bearer xoxb-test-token" },
      body: JSON.stringify({ channel: "C0000TEST", text: "json", blocks: [section("json")] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: "C0000TEST" });
    expect(fake.callsTo("chat.postMessage")[0]).toMatchObject({ blocks: [section("json")] });
  });

  it("records and validates bodies posted to a response URL", async () => {
    const posted = await client.chat.postMessage({ channel: "C0000TEST", text: "avant" });
    const url = fake.responseUrl({ channel: "C0000TEST", messageTs: posted.ts ?? "" });

    const good = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ replace_original: true, text: "après", blocks: [section("après")] }),
    });
    expect(await good.json()).toEqual({ ok: true });
    expect(fake.message("C0000TEST", posted.ts ?? "")?.text).toBe("après");

    const bad = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "x", blocks: [{ type: "section" }] }),
    });
    expect(await bad.json()).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(fake.responses.map((response) => response.ok)).toEqual([true, false]);
    expect(fake.violations).toEqual([expect.stringContaining("blocks[0]<section>")]);
  });

  it("waits for calls and reports the methods seen when waiting times out", async () => {
    setTimeout(() => void client.chat.postMessage({ channel: "C0000TEST", text: "later" }), 50);
    await fake.waitFor((calls) => calls.some((call) => call.method === "chat.postMessage"), 2000);

    await expect(
      fake.waitFor((calls) => calls.some((call) => call.method === "views.open"), 100),
    ).rejects.toThrow(/methods called so far: chat\.postMessage/);
  });
});

describe("fake Slack per-channel rate limiting", () => {
  it("answers 429 to a second post in the same channel within one second", async () => {
    const fake = await startFakeSlack({ rateLimitPerChannel: true });
    try {
      const client = new WebClient("xoxb-test-token", {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        logger: quietLogger,
      });
      await client.chat.postMessage({ channel: "C0000AAAA", text: "1" });
      await client.chat.postMessage({ channel: "C0000BBBB", text: "other channel" });
      const error = await client.chat
        .postMessage({ channel: "C0000AAAA", text: "2" })
        .catch((caught: unknown) => caught);

      expect(slackErrorOf(error)).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
      expect(fake.rateLimited).toBe(1);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("fake Slack outages and per-method rate limits", () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-test-token", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  it("answers every call with the failure of a window while it lasts, then normally", async () => {
    fake.failFor("*", { status: 502 }, 300);
    const during = await client.auth.test().catch((error) => error);
    expect(slackErrorOf(during).code).toBe(ErrorCode.HTTPError);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await client.auth.test()).ok).toBe(true);
  });

  it("keeps each method to its tier when asked: chat.update gets a 429 past its 50-call burst", async () => {
    fake.setRateLimits({ perMethod: { factor: 1 } });
    try {
      const posted = await client.chat.postMessage({ channel: "C0000001", text: "x" });
      const results: string[] = [];
      for (let index = 0; index < 51; index++) {
        const answer = await client.chat
          .update({ channel: "C0000001", ts: String(posted.ts), text: `v${index}` })
          .then(() => "ok")
          .catch((error) => slackErrorOf(error).code ?? "error");
        results.push(answer);
      }
      expect(results.slice(0, 50).every((answer) => answer === "ok")).toBe(true);
      expect(results[50]).toBe(ErrorCode.RateLimitedError);
      expect(fake.calls.at(-1)?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      fake.setRateLimits({ perMethod: null });
    }
  });
});

describe("fake Slack: completing a run of one of the app's functions", () => {
  let fake: FakeSlack;
  let client: WebClient;
  const outputParameters = [
    { name: "request_id", type: "string", is_required: true },
    { name: "refusal_reason", type: "string", is_required: false },
  ];

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-test-token", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
    // A test here provokes violations on purpose: the next one starts without them.
    fake.takeViolations();
  });

  it("completes a running execution once, with its outputs, and answers a second completion execution_not_in_running_state", async () => {
    const { functionExecutionId } = fake.startFunctionExecution({ outputParameters });

    const done = await client.functions.completeSuccess({
      function_execution_id: functionExecutionId,
      outputs: { request_id: "r1" },
    });
    const again = await client.functions
      .completeError({ function_execution_id: functionExecutionId, error: "trop tard" })
      .catch((error) => error);

    expect(done.ok).toBe(true);
    expect(fake.functionExecutions.get(functionExecutionId)).toMatchObject({
      state: "completed",
      outputs: { request_id: "r1" },
    });
    expect(slackErrorOf(again).data?.error).toBe("execution_not_in_running_state");
    expect(fake.callsTo("functions.completeSuccess", { okOnly: true })).toEqual([
      { function_execution_id: functionExecutionId, outputs: { request_id: "r1" } },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("fails a running execution with its error, and knows no execution it did not start", async () => {
    const { functionExecutionId } = fake.startFunctionExecution({ outputParameters });

    await client.functions.completeError({ function_execution_id: functionExecutionId, error: "Inconnue" });
    const unknown = await client.functions
      .completeSuccess({ function_execution_id: "Fx0000UNKNOWN", outputs: { request_id: "r1" } })
      .catch((error) => error);

    expect(fake.functionExecutions.get(functionExecutionId)).toMatchObject({
      state: "failed",
      error: "Inconnue",
    });
    expect(slackErrorOf(unknown).data?.error).toBe("function_execution_not_found");
  });

  it("answers parameter_validation_failed to outputs that miss a required one or name an undeclared one", async () => {
    const { functionExecutionId } = fake.startFunctionExecution({ outputParameters });

    const missing = await client.functions
      .completeSuccess({ function_execution_id: functionExecutionId, outputs: { refusal_reason: "x" } })
      .catch((error) => error);
    const undeclared = await client.functions
      .completeSuccess({
        function_execution_id: functionExecutionId,
        outputs: { request_id: "r", other: "x" },
      })
      .catch((error) => error);

    expect(slackErrorOf(missing).data?.error).toBe("parameter_validation_failed");
    expect(slackErrorOf(undeclared).data?.error).toBe("parameter_validation_failed");
    expect(fake.functionExecutions.get(functionExecutionId)?.state).toBe("running");
  });

  it("reports a completion without its required arguments, or with outputs that are no object, as a violation", async () => {
    const { functionExecutionId } = fake.startFunctionExecution({ outputParameters });

    await client
      .apiCall("functions.completeSuccess", { function_execution_id: functionExecutionId })
      .catch(() => {});
    await client
      .apiCall("functions.completeError", { function_execution_id: functionExecutionId })
      .catch(() => {});
    await client
      .apiCall("functions.completeSuccess", { function_execution_id: functionExecutionId, outputs: "[1]" })
      .catch(() => {});

    expect(fake.violations).toEqual([
      'functions.completeSuccess: missing required argument "outputs"',
      'functions.completeError: missing required argument "error"',
      'functions.completeSuccess: "outputs" must be a JSON object, got [1]',
    ]);
    fake.violations.length = 0;
  });

  it("accepts the execution's own token while it runs, and no longer once it is completed", async () => {
    const { functionExecutionId, botAccessToken } = fake.startFunctionExecution({ outputParameters });
    const withItsToken = new WebClient(botAccessToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger,
    });

    await withItsToken.functions.completeSuccess({
      function_execution_id: functionExecutionId,
      outputs: { request_id: "r1" },
    });
    const after = await withItsToken.auth.test().catch((error) => error);

    expect(fake.calls[0]?.token).toBe(botAccessToken);
    expect(slackErrorOf(after).data?.error).toBe("invalid_auth");
  });
});
