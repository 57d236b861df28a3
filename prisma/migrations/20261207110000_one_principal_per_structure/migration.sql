-- One principal manager per structure, as a database rule (Prisma cannot express it: written by hand).
-- A principal holds one attachment row per scope (the whole structure, services), so a unique index
-- cannot say it: an exclusion constraint refuses a validated principal row of another user on the
-- same structure. btree_gist gives GiST the uuid equality and inequality it needs.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_one_principal_per_structure"
  EXCLUDE USING gist ("structureId" WITH =, "userId" WITH <>)
  WHERE ("role" = 'PRINCIPAL_MANAGER' AND "status" = 'VALIDATED');
