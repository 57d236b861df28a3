-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'DEFAULT_SUBSCRIPTIONS_GRANTED';

-- AlterTable
ALTER TABLE "AttachmentRequest" ADD COLUMN     "grantedSpaces" "Space"[] DEFAULT ARRAY[]::"Space"[];

