-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'EXPIRED';

-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'REQUEST_EXPIRED';

