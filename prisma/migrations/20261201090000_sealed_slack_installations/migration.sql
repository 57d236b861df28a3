-- The installations of the workspaces are kept encrypted with SECRETS_KEY (src/security/secret-box.ts).
-- The key is not known here: the rows stored in clear are encrypted by the app at its next start
-- over OAuth (src/services/slack-installations.ts, sealClearSlackInstallations), which then empties
-- "installation".
ALTER TABLE "SlackInstallation" ADD COLUMN "sealedInstallation" TEXT,
ALTER COLUMN "installation" DROP NOT NULL;
