-- A structure's services managed from Slack: their history actions, and the spaces each uses.
-- AlterEnum

ALTER TYPE "HistoryAction" ADD VALUE 'SERVICE_CREATED';
ALTER TYPE "HistoryAction" ADD VALUE 'SERVICE_UPDATED';
ALTER TYPE "HistoryAction" ADD VALUE 'SERVICE_DEACTIVATED';
ALTER TYPE "HistoryAction" ADD VALUE 'SERVICE_REACTIVATED';

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "spaces" "Space"[] DEFAULT ARRAY[]::"Space"[];

-- Existing services use what their structure uses, as new ones do.
UPDATE "Service" AS "s" SET "spaces" = "t"."spaces" FROM "Structure" AS "t" WHERE "t"."id" = "s"."structureId";
