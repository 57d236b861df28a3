-- The activation e-mails an earlier version queued but has not delivered yet (their payload holds the
-- link) become ACTIVATION_EMAIL deliveries of their token, found by the hash of the link's secret: a new
-- link is made at delivery, and the old secret, sent to nobody, is forgotten with the payload.
-- (A migration of its own: the new enum value can only be used once the migration adding it is committed.)
UPDATE "OutboxMessage" AS o
SET "kind" = 'ACTIVATION_EMAIL', "payload" = jsonb_build_object('activationTokenId', t."id"::text)
FROM "ActivationToken" AS t
WHERE o."kind" = 'EMAIL' AND o."status" = 'PENDING'
  AND t."tokenHashes" @> ARRAY[encode(sha256(convert_to(
    substring(o."payload"->>'text' FROM '/activation/([A-Za-z0-9_-]{43})'), 'UTF8')), 'hex')];

-- Those whose link no longer exists (the account was deleted since) are not sent: given up, link removed.
UPDATE "OutboxMessage"
SET "status" = 'FAILED', "lockedUntil" = NULL,
    "lastError" = 'activation link gone before the upgrade to links made at delivery',
    "payload" = regexp_replace("payload"::text, '/activation/[A-Za-z0-9_-]{43}', '/activation/[removed]', 'g')::jsonb
WHERE "kind" = 'EMAIL' AND "status" = 'PENDING'
  AND "payload"::text ~ '/activation/[A-Za-z0-9_-]{43}';
