import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { AppError } from "../../../errors.ts";
import { askToJoinFromWorkflowStep } from "../../../services/requests/ask-from-workflow-step.ts";
import type { ListenerDeps } from "../../listeners/deps.ts";

type StepArgs = SlackEventMiddlewareArgs<"function_executed"> & AllMiddlewareArgs;

/** The input parameters of the step, named as manifest.yml declares them. */
export const StepInputs = {
  structure: "structure_identifier",
  user: "user_id",
  services: "service_codes",
  comment: "comment",
} as const;

function textInput(inputs: StepArgs["inputs"], name: string): string {
  const value = inputs[name];
  return typeof value === "string" ? value.trim() : "";
}

/** What the step's failure says: the error's message, and each bad field's (several unknown services). */
function failureText(error: AppError): string {
  return [...new Set([error.message, ...error.details.map((detail) => detail.message)])].join(" ");
}

/**
 * « Demander un rattachement Chorus Pro », a step of the workspace's own workflows: files the
 * attachment request for the person the workflow names, and leaves the step running until the request
 * leaves PENDING (its completion is queued with the decision: services/requests/workflow-step-completions.ts).
 * Bad input fails the step at once with the app's message (shown in the workflow's activity); Bolt
 * acked the event before this runs.
 */
export function requestAttachmentStep(deps: ListenerDeps) {
  return async ({ event, body, inputs, fail }: StepArgs): Promise<void> => {
    const { ctx } = deps;
    try {
      await askToJoinFromWorkflowStep(ctx, deps.directory, {
        teamId: body.team_id,
        functionExecutionId: event.function_execution_id,
        slackUserId: textInput(inputs, StepInputs.user),
        structureIdentifier: textInput(inputs, StepInputs.structure),
        services: textInput(inputs, StepInputs.services),
        comment: textInput(inputs, StepInputs.comment) || null,
      });
    } catch (error) {
      if (!(error instanceof AppError)) {
        ctx.logger.error(
          { err: error, functionExecutionId: event.function_execution_id },
          "workflow step not filed",
        );
      }
      await fail({ error: error instanceof AppError ? failureText(error) : ctx.messages.errors.unexpected });
    }
  };
}
