-- Activation links (issue 16, point 4): the e-mail is queued as ACTIVATION_EMAIL, whose payload holds
-- the ActivationToken's id only, and rendered at delivery with a secret made then; the token keeps the
-- hash of each delivery attempt's secret.
ALTER TYPE "OutboxKind" ADD VALUE 'ACTIVATION_EMAIL';

-- AlterTable
ALTER TABLE "ActivationToken" ADD COLUMN "tokenHashes" TEXT[] DEFAULT ARRAY[]::TEXT[];
UPDATE "ActivationToken" SET "tokenHashes" = ARRAY["tokenHash"];
DROP INDEX "ActivationToken_tokenHash_key";
ALTER TABLE "ActivationToken" DROP COLUMN "tokenHash";

-- CreateIndex
CREATE INDEX "ActivationToken_tokenHashes_idx" ON "ActivationToken" USING GIN ("tokenHashes");

-- The e-mails an earlier version delivered, or gave up, keep no working link.
UPDATE "OutboxMessage"
SET "payload" = regexp_replace("payload"::text, '/activation/[A-Za-z0-9_-]{43}', '/activation/[removed]', 'g')::jsonb
WHERE "kind" = 'EMAIL' AND "status" IN ('DONE', 'FAILED')
  AND "payload"::text ~ '/activation/[A-Za-z0-9_-]{43}';
