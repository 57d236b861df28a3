import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/database.ts";
import { presentCreatedRequest } from "../../src/http/presenters.ts";
import {
  claimIdempotencyKey,
  IDEMPOTENCY_LEASE_MS,
  storeIdempotentAnswer,
} from "../../src/services/idempotency.ts";
import { createAttachmentRequest } from "../../src/services/requests/create-attachment-request.ts";
import { type Harness, postWithKey, useHarness } from "../support/app-harness.ts";
import { fluxReject } from "../support/flux-rejects.ts";
import { holdLock } from "../support/locks.ts";
import {
  fileRequest,
  principal,
  requester,
  type SeededStructure,
  seedStructure,
  structureBody,
  validSiret,
} from "../support/scenario.ts";
import { eventually } from "../support/wait.ts";

/**
 * Runs `during` while a transaction of the test's own holds the structure's row locked, and lets it
 * go after (whatever happened): a request filed on the structure meanwhile claims its key, then waits
 * at its insert (the foreign key's check) until then.
 */
async function whileStructureLocked<T>(
  prisma: PrismaClient,
  identifier: string,
  during: () => Promise<T>,
): Promise<T> {
  const release = await holdLock(
    prisma,
    (tx) => tx.$queryRaw`SELECT 1 FROM "Structure" WHERE "identifier" = ${identifier} FOR UPDATE`,
  );
  try {
    return await during();
  } finally {
    await release();
  }
}

/** Waits until the request with `key` has claimed it (its first request is running). */
async function claimed(h: Harness, key: string) {
  return eventually(() => h.database.prisma.idempotencyRecord.findFirst({ where: { key } }), 10_000);
}

describe("Idempotency-Key on the REST API", () => {
  const h = useHarness();

  type Route = {
    path: string;
    body: (structure: SeededStructure) => unknown;
    filed: (prisma: PrismaClient) => Promise<number>;
  };
  const routes: [string, Route][] = [
    [
      "a structure",
      {
        path: "/api/v1/structures",
        body: () => structureBody(validSiret(4_400_044), "Syndicat des eaux"),
        filed: (prisma) => prisma.structure.count({ where: { identifier: validSiret(4_400_044) } }),
      },
    ],
    [
      "a user",
      {
        path: "/api/v1/users",
        body: () => ({ loginEmail: "nouvelle@exemple.fr", firstName: "Nora", lastName: "Nouvelle" }),
        filed: (prisma) => prisma.userAccount.count({ where: { loginEmail: "nouvelle@exemple.fr" } }),
      },
    ],
    [
      "an attachment request",
      {
        path: "/api/v1/attachment-requests",
        body: (structure) => ({ structureIdentifier: structure.identifier, userLoginEmail: requester.email }),
        filed: (prisma) => prisma.attachmentRequest.count(),
      },
    ],
    [
      "a subscription request",
      {
        path: "/api/v1/subscription-requests",
        body: (structure) => ({
          structureIdentifier: structure.identifier,
          userLoginEmail: principal.email,
          spaces: [{ space: "FACTURES_EMISES" }],
        }),
        filed: (prisma) => prisma.subscriptionRequest.count(),
      },
    ],
    [
      "a batch of flux rejects",
      {
        path: "/api/v1/flux-rejects",
        body: (structure) => ({ rejects: [fluxReject(structure.identifier)] }),
        filed: (prisma) => prisma.fluxReject.count(),
      },
    ],
  ];

  it.each(routes)(
    "commits %s with its stored answer or not at all: when the answer cannot be stored, nothing is filed and the retry files it once",
    async (_, route) => {
      const structure = await seedStructure(h);
      const { prisma } = h.database;
      // As if the database failed at the very moment the answer is written.
      await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_idempotent_answers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'answer refused by the test'; END $$`);
      await prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_idempotent_answers BEFORE UPDATE ON "IdempotencyRecord"
      FOR EACH ROW WHEN (NEW."responseStatus" <> 0) EXECUTE FUNCTION refuse_idempotent_answers()`);
      let failed: Awaited<ReturnType<typeof postWithKey>>;
      try {
        failed = await postWithKey(h.baseUrl, route.path, route.body(structure), "lot-1");
      } finally {
        await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_idempotent_answers ON "IdempotencyRecord"`);
        await prisma.$executeRawUnsafe("DROP FUNCTION refuse_idempotent_answers()");
      }

      expect(failed.status).toBe(500);
      expect(await route.filed(prisma)).toBe(0);
      const retried = await postWithKey(h.baseUrl, route.path, route.body(structure), "lot-1");
      expect(retried.status).toBe(201);
      const replayed = await postWithKey(h.baseUrl, route.path, route.body(structure), "lot-1");
      expect(replayed.json).toEqual(retried.json);
      expect(replayed.headers.get("idempotent-replayed")).toBe("true");
      expect(await route.filed(prisma)).toBe(1);
    },
  );

  it("releases the key of a request that failed with a server error: a retry with the same key runs it again and files it once", async () => {
    const { prisma } = h.database;
    const body = { loginEmail: "reessai@exemple.fr", firstName: "Rémi", lastName: "Réessai" };
    // As if the database failed while the use case inserts: the request ends in a 500, nothing stored.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_user_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$`);
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_user_accounts BEFORE INSERT ON "UserAccount"
      FOR EACH ROW EXECUTE FUNCTION refuse_user_accounts()`);
    let failed: Awaited<ReturnType<typeof postWithKey>>;
    try {
      failed = await postWithKey(h.baseUrl, "/api/v1/users", body, "compte-1");
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_user_accounts ON "UserAccount"`);
      await prisma.$executeRawUnsafe("DROP FUNCTION refuse_user_accounts()");
    }
    expect(failed.status).toBe(500);
    expect(await prisma.idempotencyRecord.count({ where: { key: "compte-1" } })).toBe(0);

    const retried = await postWithKey(h.baseUrl, "/api/v1/users", body, "compte-1");
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect(await prisma.userAccount.count({ where: { loginEmail: body.loginEmail } })).toBe(1);
  });

  it("answers a second request with the same key 409 request_in_progress and when to retry while the first runs, and the first files the request once", async () => {
    const structure = await seedStructure(h);
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const { first, second } = await whileStructureLocked(
      h.database.prisma,
      structure.identifier,
      async () => {
        const first = postWithKey(h.baseUrl, "/api/v1/attachment-requests", body, "demande-1");
        await claimed(h, "demande-1");
        return {
          first,
          second: await postWithKey(h.baseUrl, "/api/v1/attachment-requests", body, "demande-1"),
        };
      },
    );

    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("request_in_progress");
    const retryAfter = Number(second.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(IDEMPOTENCY_LEASE_MS / 1000);
    expect((await first).status).toBe(201);
    expect(await h.database.prisma.attachmentRequest.count()).toBe(1);
  });

  it("does not let a request commit once a retry took its key over after its lease ran out: the request is filed once, by the retry", async () => {
    const structure = await seedStructure(h);
    const { prisma } = h.database;
    const { ctx } = h.runtime;
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };
    const { slow, takeover } = await whileStructureLocked(prisma, structure.identifier, async () => {
      const slow = postWithKey(h.baseUrl, "/api/v1/attachment-requests", body, "demande-2");
      const { clientHash, key, route, requestHash } = await claimed(h, "demande-2");
      // A retry seen by a replica after the slow request's lease: it takes the key over.
      const takeover = await claimIdempotencyKey(
        prisma,
        ctx.messages,
        { clientHash, key, route, requestHash },
        new Date(Date.now() + IDEMPOTENCY_LEASE_MS + 1000),
      );
      return { slow, takeover };
    });
    if (takeover.kind !== "claimed") throw new Error(`the retry could not take the key: ${takeover.kind}`);
    expect(takeover.tookOver).toBe(true);

    const refused = await slow;
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("request_in_progress");
    expect(await prisma.attachmentRequest.count()).toBe(0);
    // The retry runs the request as the key's holder, its answer stored with it.
    const filed = await createAttachmentRequest(
      ctx,
      { ...body, serviceCodes: [], comment: null },
      (tx, result) =>
        storeIdempotentAnswer(tx, ctx.messages, takeover.claim, {
          status: 201,
          body: presentCreatedRequest(result),
        }),
    );
    const replayed = await postWithKey(h.baseUrl, "/api/v1/attachment-requests", body, "demande-2");
    expect(replayed.status).toBe(201);
    expect(replayed.json).toEqual({ id: filed.id, status: "PENDING" });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await prisma.attachmentRequest.count()).toBe(1);
  });

  it("names the pending request's id in the 409 conflict of a second attachment request for it, with or without a new key", async () => {
    const structure = await seedStructure(h);
    const id = await fileRequest(h, structure);
    const body = { structureIdentifier: structure.identifier, userLoginEmail: requester.email };

    const withKey = await postWithKey(h.baseUrl, "/api/v1/attachment-requests", body, "nouvelle-cle");
    const withoutKey = await h.api("POST", "/api/v1/attachment-requests", body);

    for (const answer of [withKey, withoutKey]) {
      expect(answer.status).toBe(409);
      expect(answer.json).toEqual({
        error: {
          code: "conflict",
          message: "Une demande de rattachement de cet utilisateur à cette structure est déjà en attente.",
          details: [],
          existingRequestId: id,
        },
      });
    }
  });
});
