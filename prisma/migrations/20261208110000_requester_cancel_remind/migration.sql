-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'CANCELLED';

-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'REQUEST_CANCELLED';
ALTER TYPE "HistoryAction" ADD VALUE 'REQUEST_REMINDED';

-- AlterTable
ALTER TABLE "AttachmentRequest" ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SubscriptionRequest" ADD COLUMN     "remindedAt" TIMESTAMP(3);

