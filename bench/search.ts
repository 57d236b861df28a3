import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { connectDatabase, createAdapterFactory, type DatabaseConnection } from "../src/db/connection.ts";
import type { PrismaClient } from "../src/db/database.ts";
import { createExportReader } from "../src/db/export-reader.ts";
import { applyMigrations } from "../src/db/migrate.ts";
import { nameKeys, searchKey } from "../src/domain/search-key.ts";
import { PrismaClient as GeneratedClient } from "../src/generated/prisma/client.ts";
import { messagesFor } from "../src/i18n/index.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import {
  EMPTY_CRITERIA,
  searchUsers,
  USER_SEARCH_PAGE_SIZE,
  type UserSearchCriteria,
} from "../src/services/accounts/search-users.ts";
import { readOutboxStats } from "../src/services/check-health.ts";
import type { ServiceContext } from "../src/services/context.ts";
import type { Actor } from "../src/services/slack-workspace/slack-identities.ts";
import { withTempDataDir } from "./support/data-dir.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withThrowawayDatabase,
} from "./support/databases.ts";
import { type BenchFigure, ms, percentile, QUICK as QUICK_ALL, ratio, timed } from "./support/results.ts";

/** BENCH_SEARCH_QUICK=1 (or BENCH_QUICK=1): a twentieth of the volume, to check quickly that the bench runs. */
const QUICK = QUICK_ALL || process.env.BENCH_SEARCH_QUICK === "1";
const USERS = QUICK ? 5_000 : 100_000;
const STRUCTURES = QUICK ? 500 : 10_000;
/** The manager manages one structure in five: 2,000 structures and about 20,000 users in scope. */
const MANAGED_EVERY = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 5 : 20));
const CHUNK = 2000;
const GOAL = 1.5;

const LAST_NAMES = [
  "Hélène",
  "Lefèvre",
  "Martin",
  "Dupont",
  "Bérénice",
  "Château",
  "Nguyen",
  "Müller",
  "Œillet",
];
const FIRST_NAMES = ["André", "Éloïse", "Jérôme", "Zoé", "Hervé", "Chloé", "François", "Inès"];

function at<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

/**
 * 10,000 structures with a service each, 100,000 accounts (one in seven awaiting activation), each
 * attached to a structure (one in five to its service rather than the whole structure), one in
 * twenty with a pending request to another structure; and the manager, principal of one structure
 * in five. createMany in chunks, like bench/digest.ts: seeding is not what is measured.
 */
async function seed(prisma: PrismaClient): Promise<{ actor: Actor; sampleStructureId: string }> {
  const structures = Array.from({ length: STRUCTURES }, (_, index) => {
    const designation = `Commune d'Éssai nº ${index}`;
    return {
      id: randomUUID(),
      identifier: `BENCH${String(index).padStart(9, "0")}`,
      designation,
      designationKey: searchKey(designation),
      kind: "PUBLIQUE" as const,
    };
  });
  const services = structures.map((structure) => ({
    id: randomUUID(),
    structureId: structure.id,
    code: "RH",
    label: "Ressources humaines",
    labelKey: searchKey("Ressources humaines"),
  }));
  const users = Array.from({ length: USERS }, (_, index) => {
    const names = {
      lastName: `${at(LAST_NAMES, index)} ${index}`,
      firstName: at(FIRST_NAMES, index * 7 + 3),
    };
    return {
      id: randomUUID(),
      loginEmail: `${searchKey(names.firstName)}.${index}@banc.test`,
      ...names,
      ...nameKeys(names),
      status: index % 7 === 0 ? ("PENDING_ACTIVATION" as const) : ("ACTIVE" as const),
    };
  });
  const manager = {
    id: randomUUID(),
    loginEmail: "gestionnaire@banc.test",
    lastName: "Gestion",
    firstName: "Paule",
  };
  for (let start = 0; start < STRUCTURES; start += CHUNK) {
    await prisma.structure.createMany({ data: structures.slice(start, start + CHUNK) });
    await prisma.service.createMany({ data: services.slice(start, start + CHUNK) });
  }
  await prisma.userAccount.create({ data: { ...manager, ...nameKeys(manager), status: "ACTIVE" } });
  for (let start = 0; start < USERS; start += CHUNK) {
    const chunk = users.slice(start, start + CHUNK);
    await prisma.userAccount.createMany({ data: chunk });
    await prisma.attachment.createMany({
      data: chunk.map((user, offset) => {
        const index = start + offset;
        const serviceId = index % 5 === 0 ? (services[index % STRUCTURES]?.id ?? null) : null;
        return {
          userId: user.id,
          structureId: at(structures, index).id,
          serviceId,
          scopeKey: serviceId ?? "*",
          startDate: new Date("2026-01-01"),
        };
      }),
    });
    await prisma.attachmentRequest.createMany({
      data: chunk.flatMap((user, offset) => {
        const index = start + offset;
        if (index % 20 !== 0) return [];
        const structureId = at(structures, index + 1).id;
        return [{ structureId, userId: user.id, pendingKey: `${structureId}:${user.id}` }];
      }),
    });
  }
  await prisma.attachment.createMany({
    data: structures
      .filter((_, index) => index % MANAGED_EVERY === 0)
      .map((structure) => ({
        userId: manager.id,
        structureId: structure.id,
        scopeKey: "*",
        role: "PRINCIPAL_MANAGER" as const,
        startDate: new Date("2026-01-01"),
      })),
  });
  return {
    actor: { accountId: manager.id, name: "Paule Gestion", slackUserId: null, teamId: null },
    sampleStructureId: at(structures, MANAGED_EVERY * 3).id,
  };
}

/** The same search in SQL, by hand: the same filters, order, page and details, over node-postgres. */
async function searchInSql(client: pg.Client, actorId: string, criteria: UserSearchCriteria) {
  const managed = await client.query<{ id: string; identifier: string; designation: string }>(
    `SELECT s."id", s."identifier", s."designation" FROM "Structure" s
     WHERE s."status" = 'ACTIVE' AND EXISTS (
       SELECT 1 FROM "Attachment" a JOIN "UserAccount" m ON m."id" = a."userId"
       WHERE a."structureId" = s."id" AND a."userId" = $1 AND a."status" = 'VALIDATED'
         AND a."role" IN ('PRINCIPAL_MANAGER', 'SECONDARY_MANAGER') AND m."status" = 'ACTIVE')
     ORDER BY s."designation", s."identifier"`,
    [actorId],
  );
  if (managed.rows.length === 0) throw new Error("the bench's manager manages nothing");
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // The chosen structure, or the manager's structures as a subquery (as the use case does).
  const scope = criteria.structureId
    ? `x."structureId" = ${param(criteria.structureId)}::uuid`
    : `x."structureId" IN (SELECT s."id" FROM "Structure" s WHERE s."status" = 'ACTIVE' AND EXISTS (
        SELECT 1 FROM "Attachment" m WHERE m."structureId" = s."id" AND m."userId" = ${param(actorId)}::uuid
          AND m."status" = 'VALIDATED' AND m."role" IN ('PRINCIPAL_MANAGER', 'SECONDARY_MANAGER')))`;
  const structureText = criteria.structure?.trim();
  const placeFilter = structureText
    ? ` AND EXISTS (SELECT 1 FROM "Structure" s WHERE s."id" = x."structureId" AND (s."designationKey" LIKE '%' || ${param(searchKey(structureText))} || '%' OR s."identifier" LIKE ${param(structureText.replace(/\s+/g, ""))} || '%'))`
    : "";
  const serviceText = criteria.service?.trim();
  const serviceMatch = (alias: string) =>
    `(${alias}."labelKey" LIKE '%' || ${param(searchKey(serviceText ?? ""))} || '%' OR lower(${alias}."code") = lower(${param(serviceText)}))`;
  const attachmentService = serviceText
    ? ` AND EXISTS (SELECT 1 FROM "Service" v WHERE v."id" = x."serviceId" AND ${serviceMatch("v")})`
    : "";
  const requestService = serviceText
    ? ` AND EXISTS (SELECT 1 FROM "_RequestedServices" rs JOIN "Service" v ON v."id" = rs."B" WHERE rs."A" = x."id" AND ${serviceMatch("v")})`
    : "";
  const conditions = [
    `(EXISTS (SELECT 1 FROM "Attachment" x WHERE x."userId" = u."id" AND ${scope} AND x."status" = 'VALIDATED'${placeFilter}${attachmentService})
      OR EXISTS (SELECT 1 FROM "AttachmentRequest" x WHERE x."userId" = u."id" AND ${scope} AND x."status" = 'PENDING'${placeFilter}${requestService}))`,
  ];
  if (criteria.lastName)
    conditions.push(`u."lastNameKey" LIKE '%' || ${param(searchKey(criteria.lastName))} || '%'`);
  if (criteria.firstName)
    conditions.push(`u."firstNameKey" LIKE '%' || ${param(searchKey(criteria.firstName))} || '%'`);
  if (criteria.loginEmail)
    conditions.push(`u."loginEmail" LIKE '%' || ${param(criteria.loginEmail.trim().toLowerCase())} || '%'`);
  if (criteria.status) conditions.push(`u."status" = ${param(criteria.status)}::"AccountStatus"`);
  const where = conditions.join(" AND ");
  const counted = await client.query<{ total: string }>(
    `SELECT count(*) AS "total" FROM "UserAccount" u WHERE ${where}`,
    params,
  );
  const page = await client.query<{ id: string }>(
    `SELECT u."id", u."loginEmail", u."lastName", u."firstName", u."status", u."contactEmail", u."technical"
     FROM "UserAccount" u WHERE ${where}
     ORDER BY u."lastNameKey", u."firstNameKey", u."id" LIMIT ${USER_SEARCH_PAGE_SIZE}`,
    params,
  );
  const ids = page.rows.map((row) => row.id);
  // The page's attachments and requests, limited to the manager's structures afterwards (as the use case does).
  const attachments = await client.query(
    `SELECT a."userId", a."structureId", a."role", v."id" AS "serviceId", v."code", v."label"
     FROM "Attachment" a LEFT JOIN "Service" v ON v."id" = a."serviceId"
     WHERE a."userId" = ANY($1::uuid[]) AND a."status" = 'VALIDATED'`,
    [ids],
  );
  const requests = await client.query(
    `SELECT "id", "userId", "structureId" FROM "AttachmentRequest"
     WHERE "userId" = ANY($1::uuid[]) AND "status" = 'PENDING' ORDER BY "createdAt"`,
    [ids],
  );
  return { total: Number(counted.rows[0]?.total ?? 0), users: page.rows, attachments, requests };
}

/** The search use case and the same search in SQL, side by side on one database: one line per criterion. */
async function measure(kind: BenchDatabaseKind, connection: DatabaseConnection): Promise<BenchFigure[]> {
  await applyMigrations(connection.client);
  // Prisma on the app's pool; the hand-written SQL on a node-postgres session of its own.
  const prisma = new GeneratedClient({ adapter: createAdapterFactory(connection) });
  const sql = new pg.Client(connection.client);
  // The search reads nothing through it: it never opens a connection.
  const exportReader = createExportReader(connection.client);
  try {
    await sql.connect();
    const { actor, sampleStructureId } = await seed(prisma);
    const ctx: ServiceContext = {
      prisma,
      exportReader,
      messages: messagesFor("fr"),
      logger: createLogger("silent"),
      now: () => new Date(),
      outboxWritten: () => {},
      databaseLocation: "bench",
      metrics: createMetrics({ outboxStats: () => readOutboxStats(prisma, new Date()) }),
      publicBaseUrl: "http://localhost:3000",
      secretBox: null,
    };
    const typical: [string, UserSearchCriteria][] = [
      ["nom « Hél » (accents, début du nom)", { ...EMPTY_CRITERIA, lastName: "Hél" }],
      ["prénom « ANDRE » + nom « lef »", { ...EMPTY_CRITERIA, firstName: "ANDRE", lastName: "lef" }],
      ["adresse de connexion partielle « zoe.12 »", { ...EMPTY_CRITERIA, loginEmail: "zoe.12" }],
      [
        "statut « En cours d'activation » + structure choisie",
        { ...EMPTY_CRITERIA, status: "PENDING_ACTIVATION", structureId: sampleStructureId },
      ],
      [
        "désignation « essai nº 15 » + nom « martin »",
        { ...EMPTY_CRITERIA, structure: "essai nº 15", lastName: "martin" },
      ],
      [
        "service « ressources » + statut actif",
        { ...EMPTY_CRITERIA, service: "ressources", status: "ACTIVE" },
      ],
    ];
    const all = { prisma: [] as number[], sql: [] as number[] };
    const lines = [];
    for (const [label, criteria] of typical) {
      const viaPrisma = await searchUsers(ctx, actor, { criteria, page: 0 }); // warm-up, and the totals to compare
      const viaSql = await searchInSql(sql, actor.accountId, criteria);
      if (viaPrisma.total !== viaSql.total)
        throw new Error(`${label}: ${viaPrisma.total} ≠ ${viaSql.total} in SQL`);
      const times = { prisma: [] as number[], sql: [] as number[] };
      for (let round = 0; round < RUNS; round++) {
        times.prisma.push(await timed(() => searchUsers(ctx, actor, { criteria, page: 0 })));
        times.sql.push(await timed(() => searchInSql(sql, actor.accountId, criteria)));
      }
      all.prisma.push(...times.prisma);
      all.sql.push(...times.sql);
      const p95 = percentile(times.prisma, 0.95);
      const sqlP95 = percentile(times.sql, 0.95);
      lines.push(
        `  ${label}: ${viaPrisma.total} found — use case p50 ${percentile(times.prisma, 0.5).toFixed(0)} ms, ` +
          `p95 ${p95.toFixed(0)} ms; SQL p50 ${percentile(times.sql, 0.5).toFixed(0)} ms, p95 ${sqlP95.toFixed(0)} ms; ` +
          `ratio ${(p95 / sqlP95).toFixed(2)}x`,
      );
    }
    const p95 = percentile(all.prisma, 0.95);
    const sqlP95 = percentile(all.sql, 0.95);
    console.log(
      `search: ${USERS} users over ${STRUCTURES} structures, manager of ${STRUCTURES / MANAGED_EVERY}, ` +
        `${DATABASE_LABELS[kind]} — all criteria: use case p50 ${percentile(all.prisma, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms; ` +
        `raw SQL p50 ${percentile(all.sql, 0.5).toFixed(0)} ms, p95 ${sqlP95.toFixed(0)} ms; ratio ${(p95 / sqlP95).toFixed(2)}x ` +
        `(goal ≤ ${GOAL}x) (${RUNS} runs per criterion)\n${lines.join("\n")}`,
    );
    return [
      {
        figure: "search: use case p95 / raw SQL p95, all criteria",
        database: kind,
        value: `${ratio(p95 / sqlP95)} (${ms(p95)} / ${ms(sqlP95)})`,
        goal: `≤ ${GOAL}x`,
        met: p95 / sqlP95 <= GOAL,
      },
    ];
  } finally {
    await sql.end().catch(() => {});
    await exportReader.close();
    await prisma.$disconnect();
  }
}

/** Times the search use case against the same search in raw SQL, on each database. */
export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds()) {
    const measured = async (target: { url?: string; dataDir?: string }) => {
      const connection = await connectDatabase(target);
      try {
        return await measure(kind, connection);
      } finally {
        await connection.close();
      }
    };
    figures.push(
      ...(kind === "embedded"
        ? await withTempDataDir("chorus-bench-search", (dataDir) => measured({ dataDir }))
        : await withThrowawayDatabase("bench_search", (url) => measured({ url }))),
    );
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
