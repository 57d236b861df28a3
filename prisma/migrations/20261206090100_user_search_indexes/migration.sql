-- User search matches partial, folded names and addresses (`LIKE '%…%'`): trigram indexes find the
-- candidates without reading every row; a B-tree gives the results' order.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Structure_designationKey_idx" ON "Structure" USING GIN ("designationKey" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Service_labelKey_idx" ON "Service" USING GIN ("labelKey" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "UserAccount_lastNameKey_idx" ON "UserAccount" USING GIN ("lastNameKey" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "UserAccount_firstNameKey_idx" ON "UserAccount" USING GIN ("firstNameKey" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "UserAccount_loginEmail_idx" ON "UserAccount" USING GIN ("loginEmail" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "UserAccount_lastNameKey_firstNameKey_id_idx" ON "UserAccount"("lastNameKey", "firstNameKey", "id");

