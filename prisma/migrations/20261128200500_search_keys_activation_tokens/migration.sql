-- AlterEnum
ALTER TYPE "HistoryAction" ADD VALUE 'ACCOUNT_ACTIVATED';

-- AlterTable
-- Search keys (src/domain/search-key.ts): existing rows are folded here, new ones by the app.
ALTER TABLE "Service" ADD COLUMN     "labelKey" TEXT NOT NULL DEFAULT '';
UPDATE "Service" SET "labelKey" = replace(replace(lower(translate("label", 'ÀÂÄÁÃÅÇÉÈÊËÎÏÍÌÑÔÖÓÒÕÙÛÜÚŸÝàâäáãåçéèêëîïíìñôöóòõùûüúÿý', 'AAAAAACEEEEIIIINOOOOOUUUUYYaaaaaaceeeeiiiinooooouuuuyy')), 'œ', 'oe'), 'æ', 'ae');
ALTER TABLE "Service" ALTER COLUMN "labelKey" DROP DEFAULT;

-- AlterTable
ALTER TABLE "Structure" ADD COLUMN     "designationKey" TEXT NOT NULL DEFAULT '';
UPDATE "Structure" SET "designationKey" = replace(replace(lower(translate("designation", 'ÀÂÄÁÃÅÇÉÈÊËÎÏÍÌÑÔÖÓÒÕÙÛÜÚŸÝàâäáãåçéèêëîïíìñôöóòõùûüúÿý', 'AAAAAACEEEEIIIINOOOOOUUUUYYaaaaaaceeeeiiiinooooouuuuyy')), 'œ', 'oe'), 'æ', 'ae');
ALTER TABLE "Structure" ALTER COLUMN "designationKey" DROP DEFAULT;

-- AlterTable
ALTER TABLE "UserAccount" ADD COLUMN     "firstNameKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "lastNameKey" TEXT NOT NULL DEFAULT '';
UPDATE "UserAccount" SET "firstNameKey" = replace(replace(lower(translate("firstName", 'ÀÂÄÁÃÅÇÉÈÊËÎÏÍÌÑÔÖÓÒÕÙÛÜÚŸÝàâäáãåçéèêëîïíìñôöóòõùûüúÿý', 'AAAAAACEEEEIIIINOOOOOUUUUYYaaaaaaceeeeiiiinooooouuuuyy')), 'œ', 'oe'), 'æ', 'ae'), "lastNameKey" = replace(replace(lower(translate("lastName", 'ÀÂÄÁÃÅÇÉÈÊËÎÏÍÌÑÔÖÓÒÕÙÛÜÚŸÝàâäáãåçéèêëîïíìñôöóòõùûüúÿý', 'AAAAAACEEEEIIIINOOOOOUUUUYYaaaaaaceeeeiiiinooooouuuuyy')), 'œ', 'oe'), 'æ', 'ae');
ALTER TABLE "UserAccount" ALTER COLUMN "firstNameKey" DROP DEFAULT, ALTER COLUMN "lastNameKey" DROP DEFAULT;

-- CreateTable
CREATE TABLE "ActivationToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivationToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ActivationToken_tokenHash_key" ON "ActivationToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ActivationToken_userId_idx" ON "ActivationToken"("userId");

-- AddForeignKey
ALTER TABLE "ActivationToken" ADD CONSTRAINT "ActivationToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "UserAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

