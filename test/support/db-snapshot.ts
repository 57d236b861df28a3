import type { Database } from "../../src/db/database.ts";

/**
 * Tables whose rows change without any user-visible effect: Slack identities are a cache filled on
 * every click, every accepted Slack request leaves a receipt, and every message posted in a channel
 * on PostgreSQL takes its channel's and its method's turns (an ephemeral refusal included).
 */
const BOOKKEEPING_TABLES = new Set([
  "_prisma_migrations",
  "SlackIdentity",
  "SlackRequestReceipt",
  "SlackTurn",
]);

/**
 * Every row of every table (bookkeeping aside), as JSON, in a stable order: two snapshots are equal
 * when an action changed nothing in the database.
 */
export async function snapshotDatabase(database: Database): Promise<Record<string, unknown[]>> {
  const tables = await database.prisma.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`;
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    if (BOOKKEEPING_TABLES.has(name)) continue;
    const rows = await database.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${name.replaceAll('"', '""')}" t`,
    );
    snapshot[name] = rows.map(({ row }) => row).sort();
  }
  return snapshot;
}

/**
 * Every row of every table of the database (the bookkeeping ones too), each as its JSON text, one
 * per line: what a search for a secret that must not be stored goes through.
 */
export async function storedText(database: Database): Promise<string> {
  const tables = await database.prisma.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`;
  const lines: string[] = [];
  for (const { name } of tables) {
    const rows = await database.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${name.replaceAll('"', '""')}" t`,
    );
    lines.push(...rows.map(({ row }) => `${name}: ${row}`));
  }
  return lines.join("\n");
}
