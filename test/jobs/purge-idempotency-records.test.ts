import { describe, expect, it } from "vitest";
import { purgeIdempotencyRecords } from "../../src/jobs/purge-idempotency-records.ts";
import { useHarness } from "../support/app-harness.ts";
import { requester, seedStructure } from "../support/scenario.ts";

const HOUR_MS = 60 * 60 * 1000;

describe("the purge of Idempotency-Keys", () => {
  const h = useHarness();

  it("deletes the keys first used more than 24 hours ago and keeps the recent ones and any a request still holds", async () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const ago = (hours: number) => new Date(now.getTime() - hours * HOUR_MS);
    const record = (key: string, createdAt: Date, lockedUntil: Date | null) => ({
      key,
      clientHash: "c",
      route: "POST /api/v1/users",
      requestHash: "r",
      responseStatus: lockedUntil ? 0 : 201,
      responseBody: lockedUntil ? {} : { id: key },
      createdAt,
      lockedUntil,
    });
    const { prisma } = h.database;
    await prisma.idempotencyRecord.createMany({
      data: [
        record("answered-25h-ago", ago(25), null),
        record("abandoned-25h-ago", ago(25), ago(25 - 1 / 60)),
        record("answered-23h-ago", ago(23), null),
        // First used long ago, taken over by a retry a moment ago: held, kept.
        record("held-since-25h", ago(25), new Date(now.getTime() + 30_000)),
      ],
    });

    const purged = await Promise.all([
      purgeIdempotencyRecords(h.runtime.ctx, now),
      purgeIdempotencyRecords(h.runtime.ctx, now),
    ]);

    expect(purged.reduce((sum, count) => sum + count, 0)).toBe(2);
    const kept = await prisma.idempotencyRecord.findMany({ orderBy: { key: "asc" } });
    expect(kept.map((left) => left.key)).toEqual(["answered-23h-ago", "held-since-25h"]);
  });

  it("lets a key purged after its 24 hours run as a new request: a retry of a filed attachment request then gets the 409 naming it", async () => {
    const structure = await seedStructure(h);
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const headers = { "idempotency-key": "demande-du-lundi" };
    const first = await h.api("POST", "/api/v1/attachment-requests", body, headers);
    expect(first.status).toBe(201);

    expect(await purgeIdempotencyRecords(h.runtime.ctx, new Date(Date.now() + 23 * HOUR_MS))).toBe(0);
    expect(await h.api("POST", "/api/v1/attachment-requests", body, headers)).toEqual(first);
    expect(await purgeIdempotencyRecords(h.runtime.ctx, new Date(Date.now() + 25 * HOUR_MS))).toBe(1);
    const late = await h.api("POST", "/api/v1/attachment-requests", body, headers);

    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: "conflict", existingRequestId: first.json.id });
    expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
  });
});
