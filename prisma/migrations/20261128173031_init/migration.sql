-- CreateEnum
CREATE TYPE "IdentifierType" AS ENUM ('SIRET', 'UE_HORS_FRANCE', 'HORS_UE', 'RIDET', 'TAHITI', 'AUTRE', 'PARTICULIER');

-- CreateEnum
CREATE TYPE "StructureKind" AS ENUM ('PUBLIQUE', 'PRIVEE');

-- CreateEnum
CREATE TYPE "StructureStatus" AS ENUM ('ACTIVE', 'INACTIVE');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('PENDING_ACTIVATION', 'ACTIVE', 'DEACTIVATED');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PRINCIPAL_MANAGER', 'SECONDARY_MANAGER', 'SIMPLE_USER');

-- CreateEnum
CREATE TYPE "AttachmentStatus" AS ENUM ('PENDING', 'VALIDATED', 'REFUSED', 'DEACTIVATED', 'DELETED');

-- CreateEnum
CREATE TYPE "Space" AS ENUM ('FACTURES_EMISES', 'FACTURES_RECUES', 'FACTURES_TRAVAUX', 'SOLLICITATIONS_EMISES', 'SOLLICITATIONS_RECUES', 'ENGAGEMENTS', 'MEMOIRES_FRAIS_JUSTICE', 'SUIVI_FLUX', 'ACTIVITES_GESTIONNAIRE');

-- CreateEnum
CREATE TYPE "AccessLevel" AS ENUM ('MODIFICATION', 'CONSULTATION');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'DEACTIVATED');

-- CreateEnum
CREATE TYPE "RequestOrigin" AS ENUM ('USER', 'AUTOMATIC');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'VALIDATED', 'REFUSED');

-- CreateEnum
CREATE TYPE "HistoryAction" AS ENUM ('ATTACHMENT_VALIDATED', 'ATTACHMENT_REFUSED', 'SUBSCRIPTION_VALIDATED', 'SUBSCRIPTION_REFUSED', 'SUBSCRIPTION_DEACTIVATED', 'ATTACHMENT_DELETED', 'ATTACHMENT_CREATED_BY_MANAGER', 'USER_CREATED', 'USER_UPDATED', 'ACTIVATION_EMAIL_SENT', 'TECHNICAL_USER_CREATED', 'TECHNICAL_PASSWORD_RESET', 'PRINCIPAL_TRANSFERRED', 'ACCOUNT_DEACTIVATED', 'ACCOUNT_REACTIVATED', 'STRUCTURE_CREATED', 'STRUCTURE_IDENTIFIER_CHANGED', 'STRUCTURE_CHANNEL_SET');

-- CreateEnum
CREATE TYPE "FluxChannel" AS ENUM ('EDI_TDT', 'API', 'PORTAIL_XML', 'PORTAIL_PDF_A3');

-- CreateEnum
CREATE TYPE "OutboxKind" AS ENUM ('EMAIL', 'SLACK_SHOW_REQUEST', 'SLACK_REFRESH_REQUEST');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Structure" (
    "id" UUID NOT NULL,
    "identifier" TEXT NOT NULL,
    "identifierType" "IdentifierType" NOT NULL DEFAULT 'SIRET',
    "designation" TEXT NOT NULL,
    "kind" "StructureKind" NOT NULL,
    "status" "StructureStatus" NOT NULL DEFAULT 'ACTIVE',
    "originStructureId" UUID,
    "hasBillingMandate" BOOLEAN NOT NULL DEFAULT false,
    "pacageNumber" TEXT,
    "socialRegime" TEXT,
    "vatNumber" TEXT,
    "connectionInfo" JSONB,
    "spaces" "Space"[],
    "slackChannelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Structure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserAccount" (
    "id" UUID NOT NULL,
    "loginEmail" TEXT NOT NULL,
    "contactEmail" TEXT,
    "lastName" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'PENDING_ACTIVATION',
    "technical" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "serviceId" UUID,
    "scopeKey" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'SIMPLE_USER',
    "startDate" DATE NOT NULL,
    "status" "AttachmentStatus" NOT NULL DEFAULT 'VALIDATED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "serviceId" UUID,
    "scopeKey" TEXT NOT NULL,
    "space" "Space" NOT NULL,
    "access" "AccessLevel" NOT NULL DEFAULT 'MODIFICATION',
    "status" "SubscriptionStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttachmentRequest" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "origin" "RequestOrigin" NOT NULL DEFAULT 'USER',
    "comment" TEXT,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "pendingKey" TEXT,
    "grantedRole" "Role",
    "grantedWholeStructure" BOOLEAN,
    "decidedById" UUID,
    "decidedBySlackUserId" TEXT,
    "decisionComment" TEXT,
    "refusalReason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttachmentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionRequest" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "origin" "RequestOrigin" NOT NULL DEFAULT 'USER',
    "comment" TEXT,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" UUID,
    "decidedBySlackUserId" TEXT,
    "decisionComment" TEXT,
    "refusalReason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionRequestItem" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "space" "Space" NOT NULL,
    "serviceId" UUID,
    "requestedAccess" "AccessLevel" NOT NULL DEFAULT 'MODIFICATION',
    "grantedAccess" "AccessLevel",

    CONSTRAINT "SubscriptionRequestItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoryEntry" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "action" "HistoryAction" NOT NULL,
    "actorId" UUID,
    "actorSlackUserId" TEXT,
    "targetUserId" UUID,
    "attachmentRequestId" UUID,
    "subscriptionRequestId" UUID,
    "comment" TEXT,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FluxRejectFile" (
    "id" UUID NOT NULL,
    "structureId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FluxRejectFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FluxReject" (
    "id" UUID NOT NULL,
    "fileId" UUID NOT NULL,
    "channel" "FluxChannel" NOT NULL,
    "fluxNumber" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "depositDate" TIMESTAMP(3) NOT NULL,
    "paymentRequestNumber" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "rejectCode" TEXT NOT NULL,
    "rejectLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FluxReject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "kind" "OutboxKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackIdentity" (
    "id" UUID NOT NULL,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT,
    "email" TEXT NOT NULL,
    "userAccountId" UUID,
    "resolvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestMessage" (
    "id" UUID NOT NULL,
    "attachmentRequestId" UUID,
    "subscriptionRequestId" UUID,
    "channelId" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "clientHash" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("clientHash","key")
);

-- CreateTable
CREATE TABLE "_RequestedServices" (
    "A" UUID NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_RequestedServices_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_GrantedServices" (
    "A" UUID NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_GrantedServices_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "Structure_identifier_key" ON "Structure"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "Service_structureId_code_key" ON "Service"("structureId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "UserAccount_loginEmail_key" ON "UserAccount"("loginEmail");

-- CreateIndex
CREATE INDEX "Attachment_structureId_status_idx" ON "Attachment"("structureId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_userId_structureId_scopeKey_key" ON "Attachment"("userId", "structureId", "scopeKey");

-- CreateIndex
CREATE INDEX "Subscription_structureId_status_idx" ON "Subscription"("structureId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_userId_structureId_scopeKey_space_key" ON "Subscription"("userId", "structureId", "scopeKey", "space");

-- CreateIndex
CREATE UNIQUE INDEX "AttachmentRequest_pendingKey_key" ON "AttachmentRequest"("pendingKey");

-- CreateIndex
CREATE INDEX "AttachmentRequest_structureId_status_createdAt_idx" ON "AttachmentRequest"("structureId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "SubscriptionRequest_structureId_status_createdAt_idx" ON "SubscriptionRequest"("structureId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "HistoryEntry_structureId_createdAt_idx" ON "HistoryEntry"("structureId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FluxRejectFile_structureId_day_key" ON "FluxRejectFile"("structureId", "day");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_availableAt_idx" ON "OutboxMessage"("status", "availableAt");

-- CreateIndex
CREATE INDEX "SlackIdentity_teamId_slackUserId_idx" ON "SlackIdentity"("teamId", "slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "SlackIdentity_teamId_email_key" ON "SlackIdentity"("teamId", "email");

-- CreateIndex
CREATE INDEX "RequestMessage_attachmentRequestId_idx" ON "RequestMessage"("attachmentRequestId");

-- CreateIndex
CREATE INDEX "RequestMessage_subscriptionRequestId_idx" ON "RequestMessage"("subscriptionRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "RequestMessage_channelId_ts_key" ON "RequestMessage"("channelId", "ts");

-- CreateIndex
CREATE INDEX "_RequestedServices_B_index" ON "_RequestedServices"("B");

-- CreateIndex
CREATE INDEX "_GrantedServices_B_index" ON "_GrantedServices"("B");

-- AddForeignKey
ALTER TABLE "Structure" ADD CONSTRAINT "Structure_originStructureId_fkey" FOREIGN KEY ("originStructureId") REFERENCES "Structure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "UserAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "UserAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttachmentRequest" ADD CONSTRAINT "AttachmentRequest_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttachmentRequest" ADD CONSTRAINT "AttachmentRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "UserAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttachmentRequest" ADD CONSTRAINT "AttachmentRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRequest" ADD CONSTRAINT "SubscriptionRequest_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRequest" ADD CONSTRAINT "SubscriptionRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "UserAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRequest" ADD CONSTRAINT "SubscriptionRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRequestItem" ADD CONSTRAINT "SubscriptionRequestItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SubscriptionRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRequestItem" ADD CONSTRAINT "SubscriptionRequestItem_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_targetUserId_fkey" FOREIGN KEY ("targetUserId") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_attachmentRequestId_fkey" FOREIGN KEY ("attachmentRequestId") REFERENCES "AttachmentRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HistoryEntry" ADD CONSTRAINT "HistoryEntry_subscriptionRequestId_fkey" FOREIGN KEY ("subscriptionRequestId") REFERENCES "SubscriptionRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FluxRejectFile" ADD CONSTRAINT "FluxRejectFile_structureId_fkey" FOREIGN KEY ("structureId") REFERENCES "Structure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FluxReject" ADD CONSTRAINT "FluxReject_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FluxRejectFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlackIdentity" ADD CONSTRAINT "SlackIdentity_userAccountId_fkey" FOREIGN KEY ("userAccountId") REFERENCES "UserAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestMessage" ADD CONSTRAINT "RequestMessage_attachmentRequestId_fkey" FOREIGN KEY ("attachmentRequestId") REFERENCES "AttachmentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestMessage" ADD CONSTRAINT "RequestMessage_subscriptionRequestId_fkey" FOREIGN KEY ("subscriptionRequestId") REFERENCES "SubscriptionRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RequestedServices" ADD CONSTRAINT "_RequestedServices_A_fkey" FOREIGN KEY ("A") REFERENCES "AttachmentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RequestedServices" ADD CONSTRAINT "_RequestedServices_B_fkey" FOREIGN KEY ("B") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_GrantedServices" ADD CONSTRAINT "_GrantedServices_A_fkey" FOREIGN KEY ("A") REFERENCES "AttachmentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_GrantedServices" ADD CONSTRAINT "_GrantedServices_B_fkey" FOREIGN KEY ("B") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
