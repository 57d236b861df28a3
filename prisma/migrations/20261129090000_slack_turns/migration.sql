-- The shared turns now pace Slack's method tiers too, not only its channels.
ALTER TABLE "SlackChannelTurn" RENAME TO "SlackTurn";
ALTER TABLE "SlackTurn" RENAME CONSTRAINT "SlackChannelTurn_pkey" TO "SlackTurn_pkey";
-- Turns last a second or a minute: the old keys ("C…") are simply forgotten.
DELETE FROM "SlackTurn";
