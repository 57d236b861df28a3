import type { Database } from "../../src/db/database.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { createStructure } from "../../src/services/structures/create-structure.ts";
import { validSiret } from "../../test/support/scenario.ts";

/** The bench's structures' SIRET: validSiret(STRUCTURE_SEED + n). */
const STRUCTURE_SEED = 900_000;

/**
 * `count` structures filed through the use case, with the same principal manager (manager@banc.test),
 * each with the channel `channelOf(n)` gives, or none.
 */
export async function createBenchStructures(
  ctx: ServiceContext,
  count: number,
  channelOf: (n: number) => string | null,
): Promise<void> {
  for (let n = 0; n < count; n++) {
    await createStructure(ctx, {
      identifier: validSiret(STRUCTURE_SEED + n),
      identifierType: "SIRET",
      designation: `Commune nº ${n}`,
      kind: "PUBLIQUE",
      services: [],
      principalManager: { loginEmail: "manager@banc.test", firstName: "Gestion", lastName: "Banc" },
      slackChannelId: channelOf(n),
    });
  }
}

/** The SIRET of the bench's structure `n`. */
export const benchStructureIdentifier = (n: number) => validSiret(STRUCTURE_SEED + n);

/**
 * `count` pending attachment requests, each by a new requester, spread in turn over the structures,
 * written with set-based SQL (filing thousands through the use case would take minutes); returns
 * their ids. Nothing is posted to Slack for them.
 */
export async function insertBenchRequests(database: Database, count: number): Promise<string[]> {
  const { prisma } = database;
  const structures = await prisma.structure.count();
  await prisma.$executeRaw`
    INSERT INTO "UserAccount" ("id", "loginEmail", "lastName", "firstName", "lastNameKey", "firstNameKey",
      "status", "updatedAt")
    SELECT gen_random_uuid(), 'demandeur.' || i || '@banc.test', 'Nº ' || i, 'Jeanne', 'nº ' || i, 'jeanne',
      'ACTIVE', now()
    FROM generate_series(1, ${count}::int) AS i`;
  const requests = await prisma.$queryRaw<{ id: string }[]>`
    WITH "s" AS (SELECT "id", row_number() OVER (ORDER BY "identifier") - 1 AS "n" FROM "Structure"),
      "u" AS (SELECT "id", row_number() OVER (ORDER BY "loginEmail") AS "n" FROM "UserAccount"
        WHERE "loginEmail" LIKE 'demandeur.%')
    INSERT INTO "AttachmentRequest" ("id", "structureId", "userId", "pendingKey")
    SELECT gen_random_uuid(), "s"."id", "u"."id", "s"."id" || ':' || "u"."id"
    FROM "u" JOIN "s" ON "s"."n" = "u"."n" % ${structures}::int
    RETURNING "id"`;
  return requests.map(({ id }) => id);
}
