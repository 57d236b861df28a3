-- AlterEnum
ALTER TYPE "OutboxKind" ADD VALUE 'SLACK_COMPLETE_FUNCTION';

-- CreateTable
CREATE TABLE "WorkflowStepExecution" (
    "id" UUID NOT NULL,
    "functionExecutionId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "attachmentRequestId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "WorkflowStepExecution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStepExecution_functionExecutionId_key" ON "WorkflowStepExecution"("functionExecutionId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStepExecution_attachmentRequestId_key" ON "WorkflowStepExecution"("attachmentRequestId");

-- AddForeignKey
ALTER TABLE "WorkflowStepExecution" ADD CONSTRAINT "WorkflowStepExecution_attachmentRequestId_fkey" FOREIGN KEY ("attachmentRequestId") REFERENCES "AttachmentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

