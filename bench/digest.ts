import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Database } from "../src/db/database.ts";
import { nameKeys, searchKey } from "../src/domain/search-key.ts";
import { messagesFor } from "../src/i18n/index.ts";
import { planDailyDigests, runDailyDigest } from "../src/jobs/run-daily-digest.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { readOutboxStats } from "../src/services/check-health.ts";
import type { ServiceContext } from "../src/services/context.ts";
import { loadManagerHome } from "../src/services/requests/load-manager-home.ts";
import { managerHomeView } from "../src/slack/features/home/home-view.ts";
import {
  type BenchDatabaseKind,
  benchDatabaseKinds,
  DATABASE_LABELS,
  withBenchDatabase,
} from "./support/databases.ts";
import { type BenchFigure, median, ms, QUICK, timed } from "./support/results.ts";

/** Structures at each measurement, ten times apart (BENCH_QUICK=1: a tenth, to check that the bench runs). */
const SIZES = QUICK ? [100, 1000] : [1000, 10_000];
const REQUESTS_PER_STRUCTURE = 10;
/** The Home tab's manager is principal manager of one structure in 20: 500 of 10,000. */
const HOME_MANAGER_EVERY = 20;
const RUNS = QUICK ? 3 : 7;
const BUILD_TARGET_MS = 1000;
const HOME_TARGET_MS = 100;
/** Monday 30 November 2026, 08:00 in Paris. */
const NOW = new Date("2026-11-30T07:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const settings = { escalationDays: 5 };

/**
 * Structures `from` to `to - 1` (half with a channel, half by DM to a principal and a secondary
 * manager), each with 10 pending requests (8 attachment requests with their message and permalink, 2
 * subscription requests with two spaces) aged 0 to 14 days; the Home tab's manager is made principal
 * manager of one in 20. createMany throughout: seeding is not what is measured.
 */
async function seed(database: Database, homeManagerId: string, from: number, to: number): Promise<void> {
  const { prisma } = database;
  const structures = Array.from({ length: to - from }, (_, offset) => from + offset).map((index) => ({
    id: randomUUID(),
    identifier: `BENCH${String(index).padStart(9, "0")}`,
    designation: `Commune de Banc-d'Essai nº ${index}`,
    designationKey: searchKey(`Commune de Banc-d'Essai nº ${index}`),
    kind: "PUBLIQUE" as const,
    slackChannelId: index % 2 === 0 ? `CBENCH${String(index).padStart(5, "0")}` : null,
  }));
  const account = (prefix: string, index: number) => ({
    id: randomUUID(),
    loginEmail: `${prefix}.${index}@banc.test`,
    firstName: prefix,
    lastName: `Nº ${index}`,
    ...nameKeys({ firstName: prefix, lastName: `Nº ${index}` }),
    status: "ACTIVE" as const,
  });
  const managers = structures.flatMap((_, index) => [
    account("principal", from + index),
    account("second", from + index),
  ]);
  const requesters = Array.from({ length: structures.length * REQUESTS_PER_STRUCTURE }, (_, index) =>
    account("demandeur", from * REQUESTS_PER_STRUCTURE + index),
  );
  await prisma.structure.createMany({ data: structures });
  // In chunks: Prisma splits a createMany over its parameter limit into concurrent statements.
  const accounts = [...managers, ...requesters];
  for (let start = 0; start < accounts.length; start += 2000) {
    await prisma.userAccount.createMany({ data: accounts.slice(start, start + 2000) });
  }
  const startDate = new Date("2026-01-01");
  await prisma.attachment.createMany({
    data: structures.flatMap((structure, index) => [
      ...(["PRINCIPAL_MANAGER", "SECONDARY_MANAGER"] as const).map((role, offset) => ({
        userId: managers[index * 2 + offset]?.id ?? "",
        structureId: structure.id,
        scopeKey: "*",
        role,
        startDate,
      })),
      ...((from + index) % HOME_MANAGER_EVERY === 0
        ? [
            {
              userId: homeManagerId,
              structureId: structure.id,
              scopeKey: "*",
              // Secondary: a structure has one principal (a database constraint).
              role: "SECONDARY_MANAGER" as const,
              startDate,
            },
          ]
        : []),
    ]),
  });
  const attachmentRequests = [];
  const subscriptionRequests = [];
  for (const [index, requester] of requesters.entries()) {
    const structure = structures[Math.floor(index / REQUESTS_PER_STRUCTURE)];
    if (!structure) continue;
    const createdAt = new Date(NOW.getTime() - (index % 15) * DAY_MS - 3_600_000);
    const request = { id: randomUUID(), structureId: structure.id, userId: requester.id, createdAt };
    if (index % REQUESTS_PER_STRUCTURE < 8) {
      attachmentRequests.push({ ...request, pendingKey: `${structure.id}:${requester.id}` });
    } else subscriptionRequests.push(request);
  }
  await prisma.attachmentRequest.createMany({ data: attachmentRequests });
  await prisma.subscriptionRequest.createMany({ data: subscriptionRequests });
  await prisma.subscriptionRequestItem.createMany({
    data: subscriptionRequests.flatMap((request) =>
      (["FACTURES_EMISES", "ENGAGEMENTS"] as const).map((space) => ({ requestId: request.id, space })),
    ),
  });
  await prisma.requestMessage.createMany({
    data: attachmentRequests.map((request, index) => ({
      attachmentRequestId: request.id,
      channelId: "CBENCH",
      ts: `1700000000.${String(from * REQUESTS_PER_STRUCTURE + index).padStart(7, "0")}`,
      permalink: `https://banc.slack.test/archives/CBENCH/p1700000000${String(from * REQUESTS_PER_STRUCTURE + index).padStart(7, "0")}`,
    })),
  });
}

/** Times the digest and the Home tab at one size and prints one result line. */
async function measureAt(
  kind: BenchDatabaseKind,
  ctx: ServiceContext,
  homeManager: { accountId: string; teamId: null },
  structures: number,
): Promise<BenchFigure[]> {
  const { prisma } = ctx;
  await prisma.$executeRawUnsafe("ANALYZE");
  await planDailyDigests(ctx, NOW, settings); // warm-up: query plans, JIT
  const build: number[] = [];
  for (let round = 0; round < RUNS; round++)
    build.push(await timed(() => planDailyDigests(ctx, NOW, settings)));
  const full: number[] = [];
  let messages = 0;
  for (let round = 0; round < RUNS; round++) {
    // Each round starts from an unclaimed day, as the first replica's run does.
    await prisma.jobRun.deleteMany();
    await prisma.outboxMessage.deleteMany();
    full.push(await timed(async () => (messages = await runDailyDigest(ctx, NOW, settings))));
  }
  // The Home tab as app-home-opened.ts renders it: the manager's structures and counts, then the view.
  const renderHome = async () =>
    managerHomeView(ctx.messages, await loadManagerHome(prisma, homeManager), NOW);
  const homeStructures = (await loadManagerHome(prisma, homeManager)).length;
  await renderHome();
  const home: number[] = [];
  for (let round = 0; round < RUNS; round++) home.push(await timed(renderHome));
  const requests = structures * REQUESTS_PER_STRUCTURE;
  console.log(
    `digest: ${requests} pending requests over ${structures} structures, ` +
      `${DATABASE_LABELS[kind]} — build (queries + Block Kit) median ${median(build).toFixed(0)} ms, ` +
      `full run (claims + ${messages} outbox rows) median ${median(full).toFixed(0)} ms; Home tab of a ` +
      `manager of ${homeStructures} structures median ${median(home).toFixed(1)} ms ` +
      `(${RUNS} runs each; targets: build < ${BUILD_TARGET_MS} ms, Home < ${HOME_TARGET_MS} ms)`,
  );
  const scale = `${requests.toLocaleString("en")} requests over ${structures.toLocaleString("en")} structures`;
  return [
    {
      figure: `digest: build, ${scale}, median`,
      database: kind,
      value: ms(median(build)),
      goal: `< ${ms(BUILD_TARGET_MS)}`,
      met: median(build) < BUILD_TARGET_MS,
    },
    {
      figure: `digest: full run, ${scale} (build + claims + outbox rows), median`,
      database: kind,
      value: `${ms(median(full))} (${messages} rows)`,
      goal: "",
    },
    {
      figure: `home: Home tab of a manager of ${homeStructures} structures (${scale}), median`,
      database: kind,
      value: ms(median(home)),
      goal: `< ${ms(HOME_TARGET_MS)}`,
      met: median(home) < HOME_TARGET_MS,
    },
  ];
}

/** Seeds each size in turn (the rows grow from one to the next) and measures at each. */
async function measure(kind: BenchDatabaseKind, database: Database): Promise<BenchFigure[]> {
  const ctx: ServiceContext = {
    prisma: database.prisma,
    exportReader: database.exportReader,
    messages: messagesFor("fr"),
    logger: createLogger("silent"),
    now: () => NOW,
    outboxWritten: () => {},
    databaseLocation: "bench",
    metrics: createMetrics({ outboxStats: () => readOutboxStats(database.prisma, new Date()) }),
    publicBaseUrl: "http://localhost:3000",
    secretBox: null,
    chorusPro: null,
  };
  const homeManager = await database.prisma.userAccount.create({
    data: {
      loginEmail: "gestionnaire.accueil@banc.test",
      firstName: "Paule",
      lastName: "Accueil",
      ...nameKeys({ firstName: "Paule", lastName: "Accueil" }),
      status: "ACTIVE",
    },
  });
  const figures: BenchFigure[] = [];
  let seeded = 0;
  for (const size of SIZES) {
    await seed(database, homeManager.id, seeded, size);
    seeded = size;
    figures.push(...(await measureAt(kind, ctx, { accountId: homeManager.id, teamId: null }, size)));
  }
  return figures;
}

/** Times the digest on each database. */
export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const kind of await benchDatabaseKinds()) {
    figures.push(...(await withBenchDatabase(kind, (database) => measure(kind, database))));
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
  process.exit(0);
}
