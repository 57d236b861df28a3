import type { SupplementalMethod } from "../slack-openapi.ts";
import { isMissing, isRecord, str } from "./args.ts";
import type { FakeSlackState, FamilyMethod } from "./state.ts";
import type { FakeSlackFunctionExecution, FakeSlackFunctionParameter, SlackArgs } from "./types.ts";

/**
 * functions.completeSuccess and functions.completeError: the vendored OpenAPI spec (v1.7.0) predates
 * them, so their arguments are checked here by hand, as docs.slack.dev describes them
 * (https://docs.slack.dev/reference/methods/functions.completeSuccess and …completeError):
 * `function_execution_id` (string) required by both; `outputs`, a JSON object conforming to the
 * function's output parameters, required by completeSuccess; `error`, a human-readable string,
 * required by completeError. Their documented errors: `function_execution_not_found`,
 * `execution_not_in_running_state` (completed or failed already), `parameter_validation_failed`
 * (outputs not matching the function's output parameters).
 */
export const FUNCTIONS_ARGUMENTS: Record<string, SupplementalMethod> = {
  "functions.completeSuccess": {
    requiredArgs: ["function_execution_id", "outputs"],
    argTypes: { function_execution_id: "string", outputs: "json" },
  },
  "functions.completeError": {
    requiredArgs: ["function_execution_id", "error"],
    argTypes: { function_execution_id: "string", error: "string" },
  },
};

/**
 * The argument problems of a functions.* call the docs rule out whatever the execution (violations),
 * beyond the names and types of {@link FUNCTIONS_ARGUMENTS} that every call is checked against.
 */
export function validateFunctionCall(method: string, args: SlackArgs): string[] {
  if (method === "functions.completeSuccess" && !isMissing(args.outputs) && !isRecord(args.outputs)) {
    return [`"outputs" must be a JSON object, got ${JSON.stringify(args.outputs).slice(0, 80)}`];
  }
  return [];
}

/** Why outputs do not match the output parameters the function declares, or null. */
function outputProblem(parameters: readonly FakeSlackFunctionParameter[], outputs: SlackArgs): string | null {
  for (const parameter of parameters) {
    const value = outputs[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.is_required) return `missing required output "${parameter.name}"`;
    } else if (parameter.type === "string" && typeof value !== "string") {
      return `output "${parameter.name}" must be a string`;
    } else if (parameter.type === "slack#/types/user_id" && !/^[UW][A-Z0-9]{2,}$/.test(String(value))) {
      return `output "${parameter.name}" must be a user id`;
    }
  }
  const unknown = Object.keys(outputs).find((name) => !parameters.some((p) => p.name === name));
  return unknown === undefined ? null : `unknown output "${unknown}"`;
}

/** The running execution a completion names, or Slack's error for it. */
function runningExecution(
  slack: FakeSlackState,
  args: SlackArgs,
): FakeSlackFunctionExecution | { error: string } {
  const execution = slack.functionExecutions.get(str(args.function_execution_id) ?? "");
  if (execution === undefined) return { error: "function_execution_not_found" };
  if (execution.state !== "running") return { error: "execution_not_in_running_state" };
  return execution;
}

function completeSuccess(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const execution = runningExecution(slack, args);
  if ("error" in execution) return { ok: false, error: execution.error };
  const outputs = isRecord(args.outputs) ? args.outputs : {};
  const problem = outputProblem(execution.outputParameters, outputs);
  if (problem !== null) {
    return { ok: false, error: "parameter_validation_failed", errors: [problem] };
  }
  execution.state = "completed";
  execution.outputs = outputs;
  return { ok: true };
}

function completeError(slack: FakeSlackState, args: SlackArgs): SlackArgs {
  const execution = runningExecution(slack, args);
  if ("error" in execution) return { ok: false, error: execution.error };
  execution.state = "failed";
  execution.error = str(args.error);
  return { ok: true };
}

/** functions.*: completing the runs of the app's Workflow Builder steps. */
export const FUNCTIONS_METHODS: Record<string, FamilyMethod> = {
  "functions.completeSuccess": completeSuccess,
  "functions.completeError": completeError,
};
