-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'ABSENCE_DECLARED';
ALTER TYPE "HistoryAction" ADD VALUE 'ABSENCE_ENDED';

-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN     "recipientId" UUID;

-- CreateTable
CREATE TABLE "ManagerAbsence" (
    "accountId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "delegateId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ManagerAbsence_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "ManagerAbsence_delegateId_idx" ON "ManagerAbsence"("delegateId");

-- AddForeignKey
ALTER TABLE "ManagerAbsence" ADD CONSTRAINT "ManagerAbsence_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "UserAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManagerAbsence" ADD CONSTRAINT "ManagerAbsence_delegateId_fkey" FOREIGN KEY ("delegateId") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

