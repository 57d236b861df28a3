-- AlterTable
ALTER TABLE "Structure" ADD COLUMN     "viaPigp" BOOLEAN NOT NULL DEFAULT false;

