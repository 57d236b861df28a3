-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "lockedUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");


-- A key still "in progress" gets the lease it would have had (60 s from its claim): the ones a crash
-- stranded before this version can be taken over by their retry at once.
UPDATE "IdempotencyRecord" SET "lockedUntil" = "createdAt" + interval '60 seconds' WHERE "responseStatus" = 0;
