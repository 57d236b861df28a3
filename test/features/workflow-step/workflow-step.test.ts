import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expireStaleRequests } from "../../../src/jobs/expire-stale-requests.ts";
import { runBulkDecision } from "../../../src/services/requests/run-bulk-decision.ts";
import { StepInputs } from "../../../src/slack/features/workflow-step/request-attachment-step.ts";
import { ActionIds, CallbackIds } from "../../../src/slack/ids.ts";
import { SIGNING_SECRET, useHarness } from "../../support/app-harness.ts";
import type { FakeSlackFunctionParameter } from "../../support/fake-slack/index.ts";
import { captureLogs } from "../../support/log-capture.ts";
import {
  outsider,
  refuseInModal,
  requester,
  type SeededStructure,
  STRUCTURE_CHANNEL,
  seedStructure,
  startPrincipalBulkRun,
  TWO_SERVICES,
  validateInModal,
} from "../../support/scenario.ts";
import { blockActionsPayload, sendEvent, sendInteraction } from "../../support/slack-requests.ts";
import { eventually } from "../../support/wait.ts";

/** The step's output parameters, as manifest.yml declares them (Slack checks the outputs against them). */
const OUTPUT_PARAMETERS: FakeSlackFunctionParameter[] = [
  { name: "request_id", type: "string", is_required: true },
  { name: "status", type: "string", is_required: true },
  { name: "role", type: "string", is_required: false },
  { name: "refusal_reason", type: "string", is_required: false },
];

/** A member of the workspace with no Chorus Pro account. */
const NEWCOMER = { slackId: "UNOUVE0001", email: "nina.nouvelle@exemple.fr" };

describe("the Workflow Builder step « Demander un rattachement Chorus Pro »", () => {
  const logs = captureLogs("info");
  const h = useHarness({}, { logger: logs.logger });
  beforeEach(() => logs.clear());
  afterEach(() => expect(logs.errors()).toEqual([]));

  /**
   * Slack runs the step in a workflow: starts its execution, then sends the signed function_executed
   * event, which the app acks at once. Returns the execution's id.
   */
  async function runStep(inputs: Record<string, string>): Promise<string> {
    const { functionExecutionId, botAccessToken } = h.slack.startFunctionExecution({
      outputParameters: OUTPUT_PARAMETERS,
    });
    const sent = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      event: {
        type: "function_executed",
        function: {
          id: "Fn0000STEP",
          callback_id: CallbackIds.requestAttachmentStep,
          title: "Demander un rattachement Chorus Pro",
          type: "app",
          input_parameters: [],
          output_parameters: OUTPUT_PARAMETERS,
          app_id: "A0000TEST",
          date_created: 1_765_000_000,
          date_updated: 1_765_000_000,
          date_deleted: 0,
        },
        inputs,
        function_execution_id: functionExecutionId,
        workflow_execution_id: "Wx0000000001",
        bot_access_token: botAccessToken,
      },
    });
    expect(sent.status).toBe(200);
    return functionExecutionId;
  }

  /** Runs the step for `requester` on the structure, and waits until its request is filed and shown. */
  async function fileThroughStep(
    structure: SeededStructure,
    more: Record<string, string> = {},
  ): Promise<{ executionId: string; requestId: string }> {
    const executionId = await runStep({
      [StepInputs.structure]: structure.identifier,
      [StepInputs.user]: requester.slackId,
      ...more,
    });
    const step = await eventually(() =>
      h.database.prisma.workflowStepExecution.findUnique({ where: { functionExecutionId: executionId } }),
    );
    await h.settle();
    return { executionId, requestId: step.attachmentRequestId };
  }

  /** The completions the app sent for an execution, once `count` of them arrived. */
  async function completionsOf(executionId: string, count = 1) {
    const of = () =>
      h.slack.calls.filter(
        (call) => call.method.startsWith("functions.") && call.args.function_execution_id === executionId,
      );
    await h.slack.waitFor(() => of().length >= count);
    return of();
  }

  it("files the request /chorus rejoindre files, shows it to the managers, and leaves the step running until the decision", async () => {
    const structure = await seedStructure(h, { services: TWO_SERVICES });

    const { executionId, requestId } = await fileThroughStep(structure, {
      [StepInputs.services]: "RH, COMPTA",
      [StepInputs.comment]: "Arrivée le 1er janvier.",
    });

    const request = await h.database.prisma.attachmentRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: { user: true, requestedServices: true },
    });
    expect(request).toMatchObject({ status: "PENDING", origin: "USER", comment: "Arrivée le 1er janvier." });
    expect(request.user.loginEmail).toBe(requester.email);
    expect(request.requestedServices.map((service) => service.code).sort()).toEqual(["COMPTA", "RH"]);
    const shown = await h.database.prisma.requestMessage.findFirstOrThrow({
      where: { attachmentRequestId: requestId },
    });
    expect(shown.channelId).toBe(STRUCTURE_CHANNEL);
    expect(JSON.stringify(h.slack.message(shown.channelId, shown.ts)?.blocks)).toContain(
      "Arrivée le 1er janvier.",
    );
    expect(h.slack.functionExecutions.get(executionId)?.state).toBe("running");
    expect(h.slack.calls.filter((call) => call.method.startsWith("functions."))).toEqual([]);
  });

  it("completes the step with the request's id, VALIDATED and the role once a manager validates it, with the workspace's bot token", async () => {
    const structure = await seedStructure(h);
    const { executionId, requestId } = await fileThroughStep(structure);

    await validateInModal(h, requestId, "SIMPLE_USER", []);

    const [completion] = await completionsOf(executionId);
    expect(completion).toMatchObject({
      method: "functions.completeSuccess",
      ok: true,
      token: h.slack.token,
      args: {
        function_execution_id: executionId,
        outputs: { request_id: requestId, status: "VALIDATED", role: "SIMPLE_USER" },
      },
    });
    expect(await h.database.prisma.historyEntry.count({ where: { action: "ATTACHMENT_VALIDATED" } })).toBe(1);
  });

  it("completes the step with REFUSED and the reason once a manager refuses it, once however many clicks", async () => {
    const structure = await seedStructure(h);
    const { executionId, requestId } = await fileThroughStep(structure);

    const answers = await Promise.all([
      refuseInModal(h, requestId, "Inconnu du service"),
      refuseInModal(h, requestId, "Inconnu du service"),
    ]);
    await h.settle();

    expect(answers.filter((answer) => answer.json === null)).toHaveLength(1);
    const completions = await completionsOf(executionId);
    expect(completions.map((call) => [call.method, call.ok, call.args.outputs])).toEqual([
      [
        "functions.completeSuccess",
        true,
        { request_id: requestId, status: "REFUSED", refusal_reason: "Inconnu du service" },
      ],
    ]);
    expect(h.slack.functionExecutions.get(executionId)?.state).toBe("completed");
  });

  it("completes each step of a bulk decision with its own request", async () => {
    const structure = await seedStructure(h);
    const first = await fileThroughStep(structure);
    const second = await runStep({
      [StepInputs.structure]: structure.identifier,
      [StepInputs.user]: outsider.slackId,
    });
    const secondRequest = (
      await eventually(() =>
        h.database.prisma.workflowStepExecution.findUnique({ where: { functionExecutionId: second } }),
      )
    ).attachmentRequestId;

    const runId = await startPrincipalBulkRun(h, { action: "REFUSE", reason: "Campagne close" }, [
      first.requestId,
      secondRequest,
    ]);
    await runBulkDecision(h.runtime.ctx, runId);
    await h.settle();

    const outputs = [...(await completionsOf(first.executionId)), ...(await completionsOf(second))].map(
      (call) => call.args.outputs,
    );
    expect(outputs).toEqual([
      { request_id: first.requestId, status: "REFUSED", refusal_reason: "Campagne close" },
      { request_id: secondRequest, status: "REFUSED", refusal_reason: "Campagne close" },
    ]);
  });

  it("completes the step with CANCELLED when the person withdraws the request from « Mes demandes »", async () => {
    const structure = await seedStructure(h);
    const { executionId, requestId } = await fileThroughStep(structure);

    const sent = await sendInteraction({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      payload: blockActionsPayload({
        userId: requester.slackId,
        actionId: ActionIds.myRequestCancel,
        value: JSON.stringify({ type: "attachment", requestId }),
        view: { type: "home", id: "VHOMETAB01" },
      }),
    });
    expect(sent.status).toBe(200);
    await eventually(async () => {
      const request = await h.database.prisma.attachmentRequest.findUniqueOrThrow({
        where: { id: requestId },
      });
      return request.status === "CANCELLED";
    });
    await h.settle();

    const [completion] = await completionsOf(executionId);
    expect(completion?.args.outputs).toEqual({ request_id: requestId, status: "CANCELLED" });
  });

  it("completes the step with EXPIRED when the request expires without a decision", async () => {
    const structure = await seedStructure(h);
    const { executionId, requestId } = await fileThroughStep(structure);

    const inTwoMonths = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000);
    expect(await expireStaleRequests(h.runtime.ctx, inTwoMonths, { ttlDays: 30 })).toBe(1);
    await h.settle();

    const [completion] = await completionsOf(executionId);
    expect(completion?.args.outputs).toEqual({ request_id: requestId, status: "EXPIRED" });
  });

  it("keeps the decision when Slack no longer runs the step (workflow cancelled meanwhile): the completion fails for good, logged", async () => {
    const structure = await seedStructure(h);
    const { executionId, requestId } = await fileThroughStep(structure);
    h.slack.failNext("functions.completeSuccess", { error: "function_execution_not_found" });

    await validateInModal(h, requestId, "SIMPLE_USER", []);

    await completionsOf(executionId);
    const { prisma } = h.database;
    expect((await prisma.attachmentRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe(
      "VALIDATED",
    );
    // Not retried: Slack will not run it again.
    await eventually(() =>
      prisma.outboxMessage.findFirst({ where: { kind: "SLACK_COMPLETE_FUNCTION", status: "FAILED" } }),
    );
    await eventually(async () => logs.errors().length > 0);
    expect(await completionsOf(executionId)).toHaveLength(1);
    expect(logs.errors().map((line) => [line.msg, line.kind])).toEqual([
      ["delivery failed permanently", "SLACK_COMPLETE_FUNCTION"],
    ]);
    logs.clear();
  });

  it("files nothing more when Slack delivers the same execution again", async () => {
    const structure = await seedStructure(h);
    const { executionId } = await fileThroughStep(structure);
    const { botAccessToken } = h.slack.functionExecutions.get(executionId) ?? { botAccessToken: "" };

    const again = await sendEvent({
      baseUrl: h.baseUrl,
      secret: SIGNING_SECRET,
      retryNum: 1,
      event: {
        type: "function_executed",
        function: { id: "Fn0000STEP", callback_id: CallbackIds.requestAttachmentStep },
        inputs: { [StepInputs.structure]: structure.identifier, [StepInputs.user]: requester.slackId },
        function_execution_id: executionId,
        workflow_execution_id: "Wx0000000001",
        bot_access_token: botAccessToken,
      },
    });
    expect(again.status).toBe(200);
    await eventually(async () =>
      logs.lines.some(
        (line) =>
          line.msg?.startsWith("workflow step delivered again") && line.functionExecutionId === executionId,
      ),
    );

    expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
    expect(h.slack.calls.filter((call) => call.method.startsWith("functions."))).toEqual([]);
  });

  describe("fails at once, with the app's message, and writes nothing", () => {
    async function failureOf(inputs: Record<string, string>): Promise<string | undefined> {
      const executionId = await runStep(inputs);
      const [call] = await completionsOf(executionId);
      // While the step runs, Bolt's client answers with the execution's own token.
      const { botAccessToken } = h.slack.functionExecutions.get(executionId) ?? {};
      expect(call).toMatchObject({ method: "functions.completeError", ok: true, token: botAccessToken });
      expect(h.slack.functionExecutions.get(executionId)?.state).toBe("failed");
      return call?.args.error as string | undefined;
    }

    async function nothingWritten(): Promise<void> {
      const { prisma } = h.database;
      expect(await prisma.attachmentRequest.count()).toBe(0);
      expect(await prisma.workflowStepExecution.count()).toBe(0);
      expect(await prisma.outboxMessage.count({ where: { kind: "SLACK_SHOW_REQUEST" } })).toBe(0);
    }

    it("an unknown structure", async () => {
      await seedStructure(h);
      expect(
        await failureOf({ [StepInputs.structure]: "99999999999999", [StepInputs.user]: requester.slackId }),
      ).toBe("Aucune structure ne porte l'identifiant 99999999999999.");
      await nothingWritten();
    });

    it("a member of the workspace with no Chorus Pro account", async () => {
      const structure = await seedStructure(h);
      h.slack.addUser({ id: NEWCOMER.slackId, email: NEWCOMER.email });
      expect(
        await failureOf({
          [StepInputs.structure]: structure.identifier,
          [StepInputs.user]: NEWCOMER.slackId,
        }),
      ).toBe(
        `Aucun compte Chorus Pro n'a l'adresse ${NEWCOMER.email} de cette personne, et l'étape ne peut pas en créer un : elle peut demander elle-même son rattachement avec /chorus rejoindre, qui lui demande ses nom et prénom.`,
      );
      await nothingWritten();
      expect(await h.database.prisma.userAccount.count({ where: { loginEmail: NEWCOMER.email } })).toBe(0);
    });

    it("someone Slack does not know", async () => {
      const structure = await seedStructure(h);
      expect(
        await failureOf({ [StepInputs.structure]: structure.identifier, [StepInputs.user]: "UINCONNU01" }),
      ).toBe(
        "Slack ne donne pas d'adresse e-mail pour votre compte : impossible de vous identifier dans Chorus Pro.",
      );
      await nothingWritten();
    });

    it("unknown service codes, each named", async () => {
      const structure = await seedStructure(h, { services: TWO_SERVICES });
      expect(
        await failureOf({
          [StepInputs.structure]: structure.identifier,
          [StepInputs.user]: requester.slackId,
          [StepInputs.services]: "RH,PAIE,ACHATS",
        }),
      ).toBe("La structure n'a pas de service PAIE. La structure n'a pas de service ACHATS.");
      await nothingWritten();
    });

    it("a request of the same person already waiting there", async () => {
      const structure = await seedStructure(h);
      const { requestId } = await fileThroughStep(structure);

      expect(
        await failureOf({
          [StepInputs.structure]: structure.identifier,
          [StepInputs.user]: requester.slackId,
        }),
      ).toBe("Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.");
      expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
      expect(await h.database.prisma.workflowStepExecution.count()).toBe(1);
      // The first step still waits for its own request.
      expect((await h.database.prisma.attachmentRequest.findFirstOrThrow()).id).toBe(requestId);
    });
  });

  it("is declared in manifest.yml with the inputs the listener reads and the outputs it gives", () => {
    const manifest = readFileSync(new URL("../../../manifest.yml", import.meta.url), "utf8");
    const declared = manifest.slice(manifest.indexOf(`  ${CallbackIds.requestAttachmentStep}:`));
    for (const name of [
      ...Object.values(StepInputs),
      ...OUTPUT_PARAMETERS.map((parameter) => parameter.name),
    ]) {
      expect(declared).toContain(`        name: ${name}\n`);
    }
    expect(manifest).toContain("      - function_executed\n");
    expect(manifest).toContain("  function_runtime: remote\n");
    expect(manifest).toContain("  org_deploy_enabled: true\n");
  });
});
