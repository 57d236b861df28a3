import { AppError } from "../../errors.ts";
import type { ServiceContext } from "../context.ts";
import { resolveSlackRequester, type SlackDirectory } from "../slack-workspace/slack-identities.ts";
import { askToJoin } from "./ask-from-slack.ts";

/** What the Workflow Builder step « Demander un rattachement Chorus Pro » is given when it runs. */
export interface WorkflowStepRequest {
  /** The workspace it runs in: its bot token completes the step once the request is decided. */
  teamId: string;
  /** Slack's function_execution_id of this run of the step. */
  functionExecutionId: string;
  /** The Slack user to attach (not necessarily the one who started the workflow). */
  slackUserId: string;
  structureIdentifier: string;
  /** Service codes separated by commas; empty: the whole structure. */
  services: string;
  comment: string | null;
}

/** "RH, COMPTA" → ["RH", "COMPTA"]: codes separated by commas (or lines), trimmed, blanks dropped. */
export function serviceCodesOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((code) => code.trim())
    .filter((code) => code.length > 0);
}

/** The request an execution filed already (Slack delivered it again), or null. */
async function findFiledRequest(ctx: ServiceContext, functionExecutionId: string): Promise<string | null> {
  const step = await ctx.prisma.workflowStepExecution.findUnique({
    where: { functionExecutionId },
    select: { attachmentRequestId: true },
  });
  if (step) {
    ctx.logger.info(
      { functionExecutionId, requestId: step.attachmentRequestId },
      "workflow step delivered again: its request is filed already",
    );
  }
  return step?.attachmentRequestId ?? null;
}

/**
 * The step files the attachment request `/chorus rejoindre` files (same rules, same message to the
 * managers, same history) for the Slack user it names, found by their profile's e-mail like any
 * requester, and records in the same transaction that the step waits for its decision (completed by
 * recordDecisions). Someone with no account is refused: the step has no names to create one with.
 * Slack may deliver the same execution twice: the second filing finds the first and changes nothing.
 */
export async function askToJoinFromWorkflowStep(
  ctx: ServiceContext,
  directory: SlackDirectory,
  input: WorkflowStepRequest,
): Promise<{ requestId: string; alreadyFiled: boolean }> {
  const { functionExecutionId, teamId } = input;
  const filed = await findFiledRequest(ctx, functionExecutionId);
  if (filed) return { requestId: filed, alreadyFiled: true };
  const requester = await resolveSlackRequester(ctx, directory, {
    teamId,
    slackUserId: input.slackUserId,
  });
  if (!requester.account) {
    throw new AppError("not_found", ctx.messages.workflowStep.noAccount(requester.email));
  }
  try {
    const done = await askToJoin(
      ctx,
      requester,
      {
        structureIdentifier: input.structureIdentifier,
        serviceCodes: serviceCodesOf(input.services),
        comment: input.comment,
        names: null,
      },
      {
        alsoInTransaction: async (tx, requestId) => {
          await tx.workflowStepExecution.create({
            data: { functionExecutionId, teamId, attachmentRequestId: requestId },
          });
        },
      },
    );
    ctx.logger.info(
      { requestId: done.requestId, functionExecutionId },
      "attachment request from a workflow step",
    );
    return { requestId: done.requestId, alreadyFiled: false };
  } catch (error) {
    // The same execution delivered twice at once: the other delivery filed it.
    const filedMeanwhile = await findFiledRequest(ctx, functionExecutionId);
    if (filedMeanwhile) return { requestId: filedMeanwhile, alreadyFiled: true };
    throw error;
  }
}
