-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'REQUEST_QUESTION_ASKED';
ALTER TYPE "HistoryAction" ADD VALUE 'REQUEST_QUESTION_ANSWERED';

-- AlterEnum
ALTER TYPE "OutboxKind" ADD VALUE 'SLACK_ASK_REQUESTER';

-- CreateTable
CREATE TABLE "RequestQuestion" (
    "id" UUID NOT NULL,
    "attachmentRequestId" UUID,
    "subscriptionRequestId" UUID,
    "askedById" UUID NOT NULL,
    "askedBySlackUserId" TEXT,
    "question" TEXT NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "dmChannelId" TEXT,
    "dmTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RequestQuestion_dmChannelId_dmTs_idx" ON "RequestQuestion"("dmChannelId", "dmTs");

-- AddForeignKey
ALTER TABLE "RequestQuestion" ADD CONSTRAINT "RequestQuestion_attachmentRequestId_fkey" FOREIGN KEY ("attachmentRequestId") REFERENCES "AttachmentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestQuestion" ADD CONSTRAINT "RequestQuestion_subscriptionRequestId_fkey" FOREIGN KEY ("subscriptionRequestId") REFERENCES "SubscriptionRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

