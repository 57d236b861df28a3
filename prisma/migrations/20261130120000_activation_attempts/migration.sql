-- Failed submissions of the activation page, kept 15 minutes for its throttle (per link, per client).
-- CreateTable
CREATE TABLE "ActivationAttempt" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivationAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActivationAttempt_tokenHash_attemptedAt_idx" ON "ActivationAttempt"("tokenHash", "attemptedAt");

-- CreateIndex
CREATE INDEX "ActivationAttempt_client_attemptedAt_idx" ON "ActivationAttempt"("client", "attemptedAt");

-- CreateIndex
CREATE INDEX "ActivationAttempt_attemptedAt_idx" ON "ActivationAttempt"("attemptedAt");

