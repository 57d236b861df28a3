-- AlterEnum
ALTER TYPE "AttachmentStatus" ADD VALUE 'UPCOMING';

-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'ATTACHMENT_STARTED';

