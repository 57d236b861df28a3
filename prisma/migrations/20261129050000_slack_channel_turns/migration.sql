-- CreateTable
CREATE TABLE "SlackChannelTurn" (
    "key" TEXT NOT NULL,
    "nextTurnAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackChannelTurn_pkey" PRIMARY KEY ("key")
);
