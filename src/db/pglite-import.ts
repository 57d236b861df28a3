// `npm run db:import-pglite` (scripts/import-pglite.ts): the app's former version kept its database in
// PGlite (PostgreSQL 17 in WebAssembly) in DATA_DIR/pgdata; this one runs a PostgreSQL server in
// DATA_DIR/postgres and refuses to start beside a pgdata/ not yet imported (embedded.ts, checkLayout).
// The import copies every row from the one to the other, once, and moves pgdata/ aside.
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { connectDatabase, DEFAULT_DATA_DIR } from "./connection.ts";
import { EmbeddedServerError, PGLITE_DIR, PGLITE_IMPORTED_PREFIX, SERVER_DIR } from "./embedded.ts";
import { applyMigrations, applyPendingMigrations, type RunQuery, readMigrations } from "./migrate.ts";

export interface PgliteImportOptions {
  /** Rows read from PGlite per query, and inserted per statement (default 1000). */
  chunkRows?: number;
  /** The date in the name of the directory moved aside (default: now). */
  now?: () => Date;
}

export interface ImportedTable {
  name: string;
  /** Rows on both sides, their content compared too. */
  rows: number;
}

export interface PgliteImportReport {
  /** The absolute DATA_DIR. */
  dataDir: string;
  /** Migrations PGlite lacked, applied to it before the copy. */
  pgliteMigrations: string[];
  /** Every table but `_prisma_migrations`, by name. */
  tables: ImportedTable[];
  /**
   * false: a previous import had committed its copy but not moved pgdata/ aside (it was stopped in
   * between); the server was found to hold exactly PGlite's rows and this one only moved it.
   */
  copied: boolean;
  /** Where pgdata/ went: pgdata.imported-<date>, for the operator to delete. */
  movedTo: string;
  durationMs: number;
}

/** A table of the public schema as both sides must have it. */
interface TableShape {
  name: string;
  /** In the table's order: `format_type` spelling, e.g. `"Space"[]`, `timestamp(3) without time zone`. */
  columns: { name: string; type: string }[];
}

/** Per-table digest of the rows' text (order-free): a copy is only committed if both sides agree. */
interface TableDigest {
  rows: number;
  sum: string;
}

const DEFAULT_CHUNK_ROWS = 1000;

/**
 * Row text depends on these (timestamptz's zone above all): both sides read with the same ones.
 * Row text is each type's own output, exact for every type the schema has (jsonb, enums, arrays, dates).
 */
const ROW_TEXT_SETTINGS: Record<string, string> = {
  TimeZone: "UTC",
  DateStyle: "ISO, MDY",
  IntervalStyle: "postgres",
  extra_float_digits: "1",
  bytea_output: "hex",
};

const DESCRIBE_TABLES = `
  SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
  ORDER BY c.relname COLLATE "C", a.attnum`;

const APPLIED_MIGRATIONS = `SELECT migration_name AS name FROM "_prisma_migrations"
  WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY migration_name COLLATE "C"`;

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function hasPgliteDatabase(pgliteDir: string): boolean {
  return existsSync(path.join(pgliteDir, "PG_VERSION"));
}

function nothingToImport(dataDir: string): EmbeddedServerError {
  const imported = existsSync(dataDir)
    ? readdirSync(dataDir).filter((entry) => entry.startsWith(PGLITE_IMPORTED_PREFIX))
    : [];
  const pgliteDir = path.join(dataDir, PGLITE_DIR);
  if (imported.length > 0)
    return new EmbeddedServerError(
      dataDir,
      `Rien à importer : ${pgliteDir} n'existe plus, la base PGlite a déjà été importée ` +
        `(l'ancien répertoire est ${imported.map((entry) => path.join(dataDir, entry)).join(", ")}, ` +
        "à supprimer quand vous n'en avez plus besoin). L'application démarre normalement.",
      `Nothing to import: ${pgliteDir} is gone, the PGlite database was imported already ` +
        `(the old directory is ${imported.map((entry) => path.join(dataDir, entry)).join(", ")}, ` +
        "to delete once you no longer need it). The app starts normally.",
    );
  return new EmbeddedServerError(
    dataDir,
    `Rien à importer : ${dataDir} ne contient pas de base PGlite (${pgliteDir}/PG_VERSION absent). ` +
      "Vérifiez DATA_DIR.",
    `Nothing to import: ${dataDir} holds no PGlite database (no ${pgliteDir}/PG_VERSION). Check DATA_DIR.`,
  );
}

/** PGlite, loaded here only: the app itself never loads it. */
async function openPglite(dataDir: string, pgliteDir: string): Promise<PGlite> {
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    // The migrations it may lack create trigram indexes (user search) and an exclusion constraint
    // (one principal per structure): PGlite ships pg_trgm and btree_gist apart.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
    return await PGlite.create(pgliteDir, { extensions: { pg_trgm, btree_gist } });
  } catch (error) {
    throw new EmbeddedServerError(
      dataDir,
      `PGlite n'a pas pu ouvrir ${pgliteDir} (${errorText(error)}) : rien n'a été importé. ` +
        "Restaurez une sauvegarde de ce répertoire, ou ouvrez-le avec l'ancienne version de l'application.",
      `PGlite could not open ${pgliteDir} (${errorText(error)}): nothing was imported. ` +
        "Restore a backup of this directory, or open it with the app's former version.",
      { cause: error },
    );
  }
}

function pgliteRunner(db: PGlite): RunQuery {
  return async <Row extends object>(sql: string, params?: unknown[]) =>
    params ? (await db.query<Row>(sql, params)).rows : (((await db.exec(sql)).at(-1)?.rows ?? []) as Row[]);
}

function clientRunner(client: pg.Client): RunQuery {
  return async (sql, params) => (await client.query(sql, params)).rows;
}

async function describeTables(run: RunQuery): Promise<TableShape[]> {
  const rows = await run<{ table: string; column: string; type: string }>(DESCRIBE_TABLES);
  const tables = new Map<string, TableShape>();
  for (const row of rows) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, columns: [] };
      tables.set(row.table, table);
    }
    table.columns.push({ name: row.column, type: row.type });
  }
  return [...tables.values()];
}

async function tablesWithRows(run: RunQuery, tables: readonly TableShape[]): Promise<string[]> {
  const filled: string[] = [];
  for (const table of tables) {
    const [row] = await run<{ any: boolean }>(`SELECT EXISTS (SELECT FROM ${quote(table.name)}) AS any`);
    if (row?.any) filled.push(table.name);
  }
  return filled;
}

/**
 * Both sides must have applied the same migrations, hence the same tables with the same columns:
 * json_populate_recordset fills columns by name and types, the digests read each row's text in order.
 */
async function checkSameSchema(
  dataDir: string,
  runPglite: RunQuery,
  runServer: RunQuery,
): Promise<TableShape[]> {
  const names = async (run: RunQuery) =>
    (await run<{ name: string }>(APPLIED_MIGRATIONS)).map((row) => row.name);
  const [pgliteMigrations, serverMigrations] = [await names(runPglite), await names(runServer)];
  const unknown = pgliteMigrations.filter((name) => !serverMigrations.includes(name));
  const missing = serverMigrations.filter((name) => !pgliteMigrations.includes(name));
  if (unknown.length > 0 || missing.length > 0)
    throw new EmbeddedServerError(
      dataDir,
      "Les migrations de la base PGlite et du serveur diffèrent " +
        `(PGlite seulement : ${unknown.join(", ") || "aucune"} ; serveur seulement : ${missing.join(", ") || "aucune"}) : ` +
        "rien n'a été importé. Importez avec la version de l'application qui a écrit cette base.",
      "The migrations of the PGlite database and of the server differ " +
        `(PGlite only: ${unknown.join(", ") || "none"}; server only: ${missing.join(", ") || "none"}): ` +
        "nothing was imported. Import with the version of the app that wrote this database.",
    );
  const [pgliteTables, serverTables] = [await describeTables(runPglite), await describeTables(runServer)];
  if (JSON.stringify(pgliteTables) !== JSON.stringify(serverTables)) {
    const differing = [...new Set([...pgliteTables, ...serverTables].map((table) => table.name))].filter(
      (name) =>
        JSON.stringify(pgliteTables.find((table) => table.name === name)?.columns) !==
        JSON.stringify(serverTables.find((table) => table.name === name)?.columns),
    );
    throw new EmbeddedServerError(
      dataDir,
      `Les tables de la base PGlite et du serveur diffèrent (${differing.join(", ")}) malgré les mêmes ` +
        "migrations : rien n'a été importé.",
      `The tables of the PGlite database and of the server differ (${differing.join(", ")}) despite the ` +
        "same migrations: nothing was imported.",
    );
  }
  return serverTables;
}

/**
 * Count and order-free sum of the md5 of every row's text, per table. The settings are the session's
 * (both sessions are the import's own, and end with it).
 */
async function tableDigests(run: RunQuery, tables: readonly TableShape[]): Promise<Map<string, TableDigest>> {
  for (const [name, value] of Object.entries(ROW_TEXT_SETTINGS))
    await run("SELECT set_config($1, $2, false)", [name, value]);
  const digests = new Map<string, TableDigest>();
  for (const table of tables) {
    const [row] = await run<{ rows: number; high: string; low: string }>(
      `SELECT count(*)::int AS rows,
              coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text AS high,
              coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text AS low
       FROM (SELECT md5(t::text) AS h FROM ${quote(table.name)} t) AS hashes`,
    );
    digests.set(table.name, { rows: row?.rows ?? 0, sum: `${row?.high}/${row?.low}` });
  }
  return digests;
}

/** The tables whose rows differ between the two sides (count or content). */
async function compareContents(
  runPglite: RunQuery,
  runServer: RunQuery,
  tables: readonly TableShape[],
): Promise<{ tables: ImportedTable[]; differing: string[] }> {
  const expected = await tableDigests(runPglite, tables);
  const actual = await tableDigests(runServer, tables);
  const differing = tables
    .map((table) => table.name)
    .filter((name) => JSON.stringify(expected.get(name)) !== JSON.stringify(actual.get(name)));
  return {
    tables: tables.map((table) => ({ name: table.name, rows: actual.get(table.name)?.rows ?? 0 })),
    differing,
  };
}

/** json and jsonb columns travel as their text (see copyTable). */
function isJson(column: { type: string }): boolean {
  return column.type === "json" || column.type === "jsonb";
}

/**
 * Copies one table in chunks in ctid order (stable: we hold the directory's lock, so nothing else
 * writes to PGlite), as JSON: PGlite's json_agg of the rows, read as text so that no value goes
 * through JavaScript, and json_populate_recordset of the table's own row type on the server. A json
 * or jsonb column goes as its text, parsed again on the server: json_populate_recordset would read
 * a JSON null (as the value of a column) as SQL NULL. (`ctid` cannot be a column name: the extra key
 * is ignored.)
 */
async function copyTable(
  runPglite: RunQuery,
  runServer: RunQuery,
  table: TableShape,
  chunkRows: number,
): Promise<void> {
  const name = quote(table.name);
  const read = table.columns
    .map((column) =>
      isJson(column) ? `t.${quote(column.name)}::text AS ${quote(column.name)}` : `t.${quote(column.name)}`,
    )
    .join(", ");
  const written = table.columns
    .map((column) =>
      isJson(column) ? `(r.${quote(column.name)} #>> '{}')::${column.type}` : `r.${quote(column.name)}`,
    )
    .join(", ");
  const insert =
    `INSERT INTO ${name} (${table.columns.map((column) => quote(column.name)).join(", ")}) ` +
    `SELECT ${written} FROM json_populate_recordset(NULL::${name}, $1::json) AS r`;
  let last = "(0,0)";
  for (;;) {
    const [chunk] = await runPglite<{ rows: string; count: number; last: string | null }>(
      `WITH chunk AS (SELECT t.ctid, ${read} FROM ${name} t WHERE t.ctid > $1::tid ORDER BY t.ctid LIMIT $2)
       SELECT coalesce(json_agg(chunk ORDER BY chunk.ctid), '[]')::text AS rows, count(*)::int AS count,
              max(chunk.ctid)::text AS last
       FROM chunk`,
      [last, chunkRows],
    );
    if (!chunk || chunk.count === 0 || chunk.last === null) return;
    await runServer(insert, [chunk.rows]);
    if (chunk.count < chunkRows) return;
    last = chunk.last;
  }
}

/** Sequences (the schema has none today: no serial or identity column) continue where PGlite's were. */
async function copySequences(runPglite: RunQuery, runServer: RunQuery): Promise<void> {
  const sequences = await runPglite<{ name: string; last: string | null }>(
    `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'`,
  );
  for (const sequence of sequences)
    if (sequence.last !== null)
      await runServer("SELECT setval($1::regclass, $2::bigint, true)", [
        `public.${quote(sequence.name)}`,
        sequence.last,
      ]);
}

/**
 * Copies every table in one transaction of the server (foreign keys and triggers off for it:
 * `session_replication_role = replica`, the embedded server's user being a superuser), then compares
 * both sides' digests before committing: the copy is whole and exact, or nothing is written.
 */
async function copyAll(
  dataDir: string,
  runPglite: RunQuery,
  server: pg.Client,
  tables: readonly TableShape[],
  chunkRows: number,
): Promise<ImportedTable[]> {
  const runServer = clientRunner(server);
  await server.query("BEGIN");
  try {
    await server.query("SET LOCAL session_replication_role = replica");
    for (const table of tables) {
      try {
        await copyTable(runPglite, runServer, table, chunkRows);
      } catch (error) {
        throw new EmbeddedServerError(
          dataDir,
          `La copie de la table ${table.name} a échoué (${errorText(error)}) : rien n'a été importé.`,
          `Copying the table ${table.name} failed (${errorText(error)}): nothing was imported.`,
          { cause: error },
        );
      }
    }
    await copySequences(runPglite, runServer);
    const compared = await compareContents(runPglite, runServer, tables);
    if (compared.differing.length > 0)
      throw new EmbeddedServerError(
        dataDir,
        `Après la copie, ces tables diffèrent de PGlite (nombre de lignes ou contenu) : ${compared.differing.join(", ")}. ` +
          "Rien n'a été importé.",
        `After the copy, these tables differ from PGlite (row count or content): ${compared.differing.join(", ")}. ` +
          "Nothing was imported.",
      );
    await server.query("COMMIT");
    return compared.tables;
  } catch (error) {
    await server.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** 20261204T170211Z: ISO 8601 (basic format), and a file name everywhere. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
}

function moveAside(dataDir: string, pgliteDir: string, date: Date): string {
  const target = path.join(dataDir, `${PGLITE_IMPORTED_PREFIX}${stamp(date)}`);
  try {
    renameSync(pgliteDir, target);
  } catch (error) {
    throw new EmbeddedServerError(
      dataDir,
      `Les données sont importées et vérifiées, mais ${pgliteDir} n'a pas pu être renommé en ${target} ` +
        `(${errorText(error)}) : relancez l'import (il ne fera que ce renommage), ou renommez-le vous-même ; ` +
        "l'application refuse de démarrer tant qu'il est là.",
      `The data is imported and verified, but ${pgliteDir} could not be renamed to ${target} ` +
        `(${errorText(error)}): run the import again (it will only rename it), or rename it yourself; ` +
        "the app refuses to start while it is there.",
      { cause: error },
    );
  }
  return target;
}

/**
 * Imports the PGlite database of `dataDir`/pgdata into the embedded PostgreSQL server of the same
 * directory, nothing lost, then renames pgdata/ to pgdata.imported-<date> (kept, not deleted). The
 * directory's lock is held throughout (DatabaseLockedError while an app, of either version, has it).
 *
 * In order: the server is started (created if need be, migrated) beside pgdata/; it must hold no
 * row; PGlite opens pgdata/ and gets the migrations it lacks; both sides must then have the same
 * migrations and tables; every table is copied in one transaction whose rows are compared with
 * PGlite's (count and content) before it commits. Refused, with nothing imported: no pgdata/ (or
 * imported already), a server holding data, a directory PGlite cannot open, differing schemas. A
 * server directory this import created is removed when it fails. The one case where the server may
 * hold rows: an import stopped between its commit and the rename; if the server holds exactly
 * PGlite's rows, pgdata/ is just renamed.
 */
export async function importPgliteDataDir(
  dataDir: string = DEFAULT_DATA_DIR,
  options: PgliteImportOptions = {},
): Promise<PgliteImportReport> {
  const started = performance.now();
  const absoluteDir = path.resolve(dataDir);
  const pgliteDir = path.join(absoluteDir, PGLITE_DIR);
  const serverDir = path.join(absoluteDir, SERVER_DIR);
  if (!hasPgliteDatabase(pgliteDir)) throw nothingToImport(absoluteDir);
  const serverExisted = existsSync(serverDir);

  const connection = await connectDatabase({ dataDir: absoluteDir }, { importingPglite: true });
  let server: pg.Client | undefined;
  let pglite: PGlite | undefined;
  let createdEmpty = false;
  let committed = false;
  try {
    // Checked again under the lock: another import may have been quicker.
    if (!hasPgliteDatabase(pgliteDir)) throw nothingToImport(absoluteDir);
    await applyMigrations(connection.client);
    server = new pg.Client(connection.client);
    await server.connect();
    const runServer = clientRunner(server);
    const filled = await tablesWithRows(runServer, await describeTables(runServer));
    createdEmpty = !serverExisted && filled.length === 0;

    pglite = await openPglite(absoluteDir, pgliteDir);
    const runPglite = pgliteRunner(pglite);
    let pgliteMigrations: string[] = [];
    let tables: ImportedTable[];
    if (filled.length === 0) {
      pgliteMigrations = await applyPendingMigrations(runPglite, await readMigrations());
      const shapes = await checkSameSchema(absoluteDir, runPglite, runServer);
      tables = await copyAll(absoluteDir, runPglite, server, shapes, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
    } else {
      const refusal = new EmbeddedServerError(
        absoluteDir,
        `Le serveur PostgreSQL embarqué de ${absoluteDir} contient déjà des données ` +
          `(${filled.slice(0, 5).join(", ")}) qui ne sont pas celles de ${pgliteDir} : rien n'a été importé ni ` +
          `modifié. L'import ne se fait que dans un serveur vide ; pour repartir de PGlite, déplacez ${serverDir} ` +
          "(après l'avoir sauvegardé) et relancez l'import.",
        `The embedded PostgreSQL server of ${absoluteDir} already holds data ` +
          `(${filled.slice(0, 5).join(", ")}) that is not that of ${pgliteDir}: nothing was imported or changed. ` +
          `The import only goes into an empty server; to start again from PGlite, move ${serverDir} away ` +
          "(after backing it up) and run the import again.",
      );
      const shapes = await checkSameSchema(absoluteDir, runPglite, runServer).catch(() => {
        throw refusal;
      });
      const compared = await compareContents(runPglite, runServer, shapes);
      if (compared.differing.length > 0) throw refusal;
      tables = compared.tables;
    }
    committed = true;

    await pglite.close();
    pglite = undefined;
    const movedTo = moveAside(absoluteDir, pgliteDir, options.now?.() ?? new Date());
    return {
      dataDir: absoluteDir,
      pgliteMigrations,
      tables,
      copied: filled.length === 0,
      movedTo,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await pglite?.close().catch(() => {});
    await server?.end().catch(() => {});
    await connection.close();
    if (createdEmpty && !committed) rmSync(serverDir, { recursive: true, force: true });
  }
}
