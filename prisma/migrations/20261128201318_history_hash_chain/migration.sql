-- AlterTable
-- The history becomes a hash chain per structure (src/domain/history-chain.ts). Existing entries are
-- chained here in their order of creation and hashed exactly as the app hashes new ones.
ALTER TABLE "HistoryEntry" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "previousHash" TEXT,
ADD COLUMN     "sequence" INTEGER;

-- The canonical JSON of src/domain/history-chain.ts: keys sorted (code point order), no spaces.
CREATE FUNCTION "history_canonical_json"(value jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  CASE jsonb_typeof(value)
    WHEN 'object' THEN
      RETURN '{' || coalesce((
        SELECT string_agg(to_json(e.key)::text || ':' || "history_canonical_json"(e.value), ',' ORDER BY e.key COLLATE "C")
        FROM jsonb_each(value) AS e
      ), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((
        SELECT string_agg("history_canonical_json"(a.item), ',' ORDER BY a.position)
        FROM jsonb_array_elements(value) WITH ORDINALITY AS a(item, position)
      ), '') || ']';
    ELSE
      RETURN value::text;
  END CASE;
END
$$;

DO $$
DECLARE
  entry record;
  current_structure uuid;
  previous_hash text;
  entry_hash text;
  position integer;
BEGIN
  FOR entry IN SELECT * FROM "HistoryEntry" ORDER BY "structureId", "createdAt", "id" LOOP
    IF current_structure IS DISTINCT FROM entry."structureId" THEN
      current_structure := entry."structureId";
      previous_hash := NULL;
      position := 0;
    END IF;
    position := position + 1;
    entry_hash := encode(sha256(convert_to("history_canonical_json"(jsonb_build_object(
      'id', entry."id"::text,
      'structureId', entry."structureId"::text,
      'sequence', position,
      'action', entry."action"::text,
      'actorId', entry."actorId"::text,
      'actorSlackUserId', entry."actorSlackUserId",
      'targetUserId', entry."targetUserId"::text,
      'attachmentRequestId', entry."attachmentRequestId"::text,
      'subscriptionRequestId', entry."subscriptionRequestId"::text,
      'comment', entry."comment",
      'details', entry."details",
      'createdAt', to_char(entry."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'previousHash', previous_hash
    )), 'UTF8')), 'hex');
    UPDATE "HistoryEntry"
    SET "sequence" = position, "previousHash" = previous_hash, "hash" = entry_hash
    WHERE "id" = entry."id";
    previous_hash := entry_hash;
  END LOOP;
END
$$;

DROP FUNCTION "history_canonical_json"(jsonb);

ALTER TABLE "HistoryEntry" ALTER COLUMN "hash" SET NOT NULL,
ALTER COLUMN "sequence" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "HistoryEntry_structureId_sequence_key" ON "HistoryEntry"("structureId", "sequence");
