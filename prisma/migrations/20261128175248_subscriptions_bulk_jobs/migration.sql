-- CreateEnum
CREATE TYPE "BulkAction" AS ENUM ('VALIDATE', 'REFUSE');

-- CreateEnum
CREATE TYPE "BulkRunStatus" AS ENUM ('RUNNING', 'DONE');

-- CreateEnum
CREATE TYPE "BulkItemOutcome" AS ENUM ('DONE', 'ALREADY_DECIDED', 'FORBIDDEN', 'NOT_FOUND', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OutboxKind" ADD VALUE 'SLACK_POST_MESSAGE';
ALTER TYPE "OutboxKind" ADD VALUE 'SLACK_PUBLISH_HOME';

-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN     "permalink" TEXT;

-- CreateTable
CREATE TABLE "JobRun" (
    "name" TEXT NOT NULL,
    "runKey" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("name","runKey")
);

-- CreateTable
CREATE TABLE "BulkRun" (
    "id" UUID NOT NULL,
    "action" "BulkAction" NOT NULL,
    "actorId" UUID NOT NULL,
    "actorSlackUserId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "reason" TEXT,
    "summaryChannelId" TEXT,
    "status" "BulkRunStatus" NOT NULL DEFAULT 'RUNNING',
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkRunItem" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "requestType" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "outcome" "BulkItemOutcome",
    "detail" TEXT,

    CONSTRAINT "BulkRunItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkRunItem_runId_outcome_idx" ON "BulkRunItem"("runId", "outcome");

-- CreateIndex
CREATE UNIQUE INDEX "BulkRunItem_runId_requestType_requestId_key" ON "BulkRunItem"("runId", "requestType", "requestId");

-- CreateIndex
CREATE INDEX "SubscriptionRequestItem_requestId_idx" ON "SubscriptionRequestItem"("requestId");

-- AddForeignKey
ALTER TABLE "BulkRunItem" ADD CONSTRAINT "BulkRunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "BulkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

