-- CreateIndex
CREATE INDEX "AttachmentRequest_userId_status_idx" ON "AttachmentRequest"("userId", "status");

