import type { Tx } from "../../db/transaction.ts";
import type { RequestDetails } from "../../domain/requests.ts";
import { enqueueDeliveries } from "../../notify/outbox.ts";

/**
 * The outputs of the Workflow Builder step « Demander un rattachement Chorus Pro » once its request
 * left PENDING, named as manifest.yml declares them: the request, its final status (VALIDATED,
 * REFUSED, CANCELLED, EXPIRED), the role granted or the refusal's reason when there is one.
 */
export function workflowStepOutputs(request: RequestDetails): Record<string, string> {
  const decision = request.decision;
  return {
    request_id: request.id,
    status: request.status,
    ...(decision?.outcome === "REFUSED" ? { refusal_reason: decision.reason } : {}),
    ...(decision?.outcome === "VALIDATED" && "role" in decision ? { role: decision.role } : {}),
  };
}

/**
 * In the transaction of decisions (recordDecisions: a manager's, a bulk run's, a cancellation, an
 * expiry), queues the completion of the Workflow Builder steps that filed some of the `decided`
 * requests and still wait: one conditional update marks them completed, so each is completed once.
 * One statement when no step filed them.
 */
export async function queueWorkflowStepCompletions(
  tx: Tx,
  decided: readonly RequestDetails[],
  at: Date,
): Promise<void> {
  const byId = new Map(
    decided.filter((request) => request.type === "attachment").map((request) => [request.id, request]),
  );
  if (byId.size === 0) return;
  const steps = await tx.workflowStepExecution.updateManyAndReturn({
    where: { attachmentRequestId: { in: [...byId.keys()] }, completedAt: null },
    data: { completedAt: at },
    select: { functionExecutionId: true, teamId: true, attachmentRequestId: true },
  });
  await enqueueDeliveries(
    tx,
    steps.flatMap((step) => {
      const request = byId.get(step.attachmentRequestId);
      if (!request) return [];
      return [
        {
          kind: "SLACK_COMPLETE_FUNCTION" as const,
          payload: {
            teamId: step.teamId,
            functionExecutionId: step.functionExecutionId,
            outputs: workflowStepOutputs(request),
          },
        },
      ];
    }),
  );
}
