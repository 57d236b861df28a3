-- CreateTable
CREATE TABLE "HistoryHead" (
    "structureId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "HistoryHead_pkey" PRIMARY KEY ("structureId")
);

-- AddForeignKey
ALTER TABLE "HistoryHead" ADD CONSTRAINT "HistoryHead_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Each existing history ends at its last entry.
INSERT INTO "HistoryHead" ("structureId", "sequence", "hash")
SELECT DISTINCT ON ("structureId") "structureId", "sequence", "hash"
FROM "HistoryEntry"
ORDER BY "structureId", "sequence" DESC;
