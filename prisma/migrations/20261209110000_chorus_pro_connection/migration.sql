-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'STRUCTURE_IMPORTED';
ALTER TYPE "HistoryAction" ADD VALUE 'CHORUS_PRO_SYNCED';

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "chorusProId" BIGINT;

-- CreateTable
CREATE TABLE "ChorusProConnection" (
    "structureId" UUID NOT NULL,
    "chorusProId" BIGINT NOT NULL,
    "technicalLogin" TEXT NOT NULL,
    "technicalPassword" TEXT NOT NULL,
    "passwordExpiresAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChorusProConnection_pkey" PRIMARY KEY ("structureId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChorusProConnection_chorusProId_key" ON "ChorusProConnection"("chorusProId");

-- AddForeignKey
ALTER TABLE "ChorusProConnection" ADD CONSTRAINT "ChorusProConnection_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

