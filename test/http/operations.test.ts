import { describe, expect, it } from "vitest";
import { activationFormToken, formKeyFrom } from "../../src/security/form-tokens.ts";
import { createTechnicalUser } from "../../src/services/accounts/create-technical-user.ts";
import { sendActivationEmails } from "../../src/services/accounts/send-activation-emails.ts";
import { refuseRequest } from "../../src/services/requests/refuse-request.ts";
import { validateAttachmentRequest } from "../../src/services/requests/validate-attachment-request.ts";
import type { Actor } from "../../src/services/slack-workspace/slack-identities.ts";
import { ActionIds } from "../../src/slack/ids.ts";
import { API_TOKEN, type Harness, SIGNING_SECRET, useHarness } from "../support/app-harness.ts";
import { captureLogs } from "../support/log-capture.ts";
import { metricSample } from "../support/metrics.ts";
import { addRequester } from "../support/pending-requests.ts";
import { fileRequest, principal, requester, seedStructure } from "../support/scenario.ts";
import { blockActionsPayload, sendInteraction } from "../support/slack-requests.ts";
import { eventually } from "../support/wait.ts";

async function principalActor(h: Harness): Promise<Actor> {
  const account = await h.database.prisma.userAccount.findUniqueOrThrow({
    where: { loginEmail: principal.email },
  });
  return { accountId: account.id, name: "Paul Principal", slackUserId: principal.slackId, teamId: null };
}

/** One sample of the harness's /metrics, or null when it is absent. */
const metric = (h: Harness, sample: string) => metricSample(h.baseUrl, sample);

describe("health and metrics endpoints", () => {
  // The bulk recovery job every second, so that a job run is seen on /metrics.
  const h = useHarness({ BULK_RECOVERY_CRON: "* * * * * *" });

  it("reports on /healthz that the database answers and how many deliveries wait, and since when", async () => {
    await h.runtime.outbox.stop();
    const { prisma } = h.database;
    const queuedAt = new Date(Date.now() - 90_000);
    await prisma.outboxMessage.createMany({
      data: [
        { kind: "EMAIL", payload: { to: "a@exemple.fr", subject: "s", text: "t" }, createdAt: queuedAt },
        { kind: "EMAIL", payload: { to: "b@exemple.fr", subject: "s", text: "t" } },
        { kind: "EMAIL", payload: { to: "c@exemple.fr", subject: "s", text: "t" }, status: "FAILED" },
      ],
    });

    const response = await fetch(`${h.baseUrl}/healthz`);

    expect(response.status).toBe(200);
    const health = (await response.json()) as { outbox: { oldestAgeSeconds: number } };
    expect(health).toMatchObject({ status: "ok", database: "ok", outbox: { pending: 2, failed: 1 } });
    expect(health.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(89);
    expect(health.outbox.oldestAgeSeconds).toBeLessThan(200);
    expect(await metric(h, "chorus_outbox_pending")).toBe(2);
    expect(await metric(h, "chorus_outbox_failed")).toBe(1);
    expect(await metric(h, "chorus_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(89);
  });

  it("counts on /metrics each decision by kind, outcome and mode, and the scheduled job runs", async () => {
    const structure = await seedStructure(h);
    const second = await addRequester(h, 2);
    const first = await fileRequest(h, structure);
    const refused = await fileRequest(h, structure, { email: second });
    const actor = await principalActor(h);
    const validated = 'chorus_decisions_total{request_type="attachment",decision="validated",mode="single"}';
    const before = (await metric(h, validated)) ?? 0;

    await validateAttachmentRequest(h.runtime.ctx, actor, {
      requestId: first,
      role: "SIMPLE_USER",
      wholeStructure: true,
      serviceIds: [],
      comment: null,
    });
    await refuseRequest(h.runtime.ctx, actor, { type: "attachment", requestId: refused, reason: "Inconnu" });

    expect(await metric(h, validated)).toBe(before + 1);
    expect(
      await metric(h, 'chorus_decisions_total{request_type="attachment",decision="refused",mode="single"}'),
    ).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => ((await metric(h, 'chorus_job_runs_total{job="bulk-run-recovery",outcome="ok"}')) ?? 0) > 0,
      5000,
    );
    expect(await metric(h, "chorus_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("times on /metrics each Slack request Bolt handles, by kind and outcome: a command, a click, the click replayed, and a click whose listener fails", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    await h.settle();
    const handled = async (kind: string, outcome: string) =>
      (await metric(h, `chorus_slack_handling_seconds_count{kind="${kind}",outcome="${outcome}"}`)) ?? 0;
    const before = [
      await handled("/chorus", "ok"),
      await handled("block_actions", "ok"),
      await handled("block_actions", "replay"),
    ];
    const click = blockActionsPayload({
      userId: principal.slackId,
      actionId: ActionIds.validateAttachmentRequest,
      value: requestId,
      channelId: "CSTRUCT0001",
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const send = () =>
      sendInteraction({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, payload: click, timestamp });

    await h.commandAnswer(principal.slackId, "aide");
    expect((await send()).status).toBe(200);
    await eventually(async () => (await handled("block_actions", "ok")) > (before[1] ?? 0));
    expect((await send()).status).toBe(401);

    expect([
      await handled("/chorus", "ok"),
      await handled("block_actions", "ok"),
      await handled("block_actions", "replay"),
    ]).toEqual(before.map((count) => count + 1));
    expect(h.slack.callsTo("views.open", { okOnly: true })).toHaveLength(1);

    // A click whose modal Slack refuses, and the message telling why too: its listener throws.
    const failedBefore = await handled("block_actions", "failed");
    h.slack.failNext("views.open", { error: "internal_error" });
    h.slack.failNext("chat.postEphemeral", { error: "internal_error" });
    expect(
      (
        await sendInteraction({
          baseUrl: h.baseUrl,
          secret: SIGNING_SECRET,
          payload: { ...click, trigger_id: "13345.98765.abcdef" },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => (await handled("block_actions", "failed")) > failedBefore);
  });
});

describe("logs", () => {
  const collected = captureLogs("trace");
  const h = useHarness({ LOG_LEVEL: "trace" }, { logger: collected.logger });

  it("never write a token, the signing secret, an activation link or a password, even at trace level", async () => {
    const structure = await seedStructure(h);
    const requestId = await fileRequest(h, structure);
    const actor = await principalActor(h);
    // An API call refused for its token, and Slack requests signed with the secret.
    await h.api("GET", "/api/v1/structures", undefined, { authorization: "Bearer not-the-right-token-0123" });
    await h.commandAnswer(principal.slackId, "aide");
    await refuseRequest(h.runtime.ctx, actor, { type: "attachment", requestId, reason: "Doublon" });
    // The technical user's generated password.
    const { id: structureId } = await h.database.prisma.structure.findUniqueOrThrow({
      where: { identifier: structure.identifier },
    });
    const { password: generated } = await createTechnicalUser(h.runtime.ctx, actor, {
      structureId,
      loginEmail: "api.structure@editeur.fr",
      contactEmail: null,
    });
    // An activation link, and the password chosen on its page.
    const pendingUser = await h.database.prisma.userAccount.findUniqueOrThrow({
      where: { loginEmail: requester.email },
    });
    await h.database.prisma.userAccount.update({
      where: { id: pendingUser.id },
      data: { status: "PENDING_ACTIVATION" },
    });
    await h.database.prisma.attachment.create({
      data: { userId: pendingUser.id, structureId, scopeKey: "*", startDate: new Date("2026-01-01") },
    });
    const sentBefore = h.smtp.messages.length;
    await sendActivationEmails(h.runtime.ctx, actor, { userIds: [pendingUser.id] });
    await h.settle();
    const mails = await h.smtp.waitForMessages(sentBefore + 1);
    const secretLink = /\/activation\/([A-Za-z0-9_-]{43})/.exec(mails.at(-1)?.text ?? "")?.[1];
    expect(secretLink).toBeDefined();
    const chosen = "Un mot de passe choisi 2026";
    const activated = await fetch(`${h.baseUrl}/activation/${secretLink}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        password: chosen,
        confirmation: chosen,
        // The form's anti-forgery token, as the page's hidden field holds it.
        csrf: activationFormToken(formKeyFrom(SIGNING_SECRET), secretLink ?? ""),
      }).toString(),
    });
    expect(activated.status).toBe(200);
    await h.settle();

    const logged = JSON.stringify(collected.lines);
    expect(collected.lines.length).toBeGreaterThan(10);
    for (const secret of [h.slack.token, SIGNING_SECRET, API_TOKEN, generated, secretLink, chosen]) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe("metrics behind a token", () => {
  const METRICS_TOKEN = "jeton-des-metriques-2026";
  const h = useHarness({ METRICS_TOKEN });

  it("answers /metrics only to its bearer token (401 JSON otherwise), and /healthz to anyone", async () => {
    const ask = (authorization?: string) =>
      fetch(`${h.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });

    const answers = [await ask(), await ask(`Bearer ${API_TOKEN}`), await ask(`Bearer ${METRICS_TOKEN}x`)];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(answers[0]?.headers.get("www-authenticate")).toBe("Bearer");
    expect(await answers[0]?.json()).toEqual({
      error: {
        code: "unauthorized",
        message: "Jeton des métriques manquant ou invalide (Authorization: Bearer …).",
        details: [],
      },
    });
    const allowed = await ask(`Bearer ${METRICS_TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-type")).toContain("text/plain");
    expect(await allowed.text()).toContain("chorus_outbox_pending");
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
