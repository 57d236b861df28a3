import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";

/** The driver adapter @prisma/adapter-pg returns (its class is not exported). */
export type PgDriverAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** PostgreSQL `"char"` and `name`: catalog column types adapter-pg 6.19 refuses to read. */
const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

interface PgInternals {
  performIO(query: unknown): Promise<pg.QueryResult>;
  onError(error: unknown): never;
  startTransaction(isolationLevel?: unknown): Promise<unknown>;
  client: pg.Pool;
}

/** Reports `"char"` and `name` columns as text (node-postgres already returns them as strings). */
function readCatalogTypesAsText(queryable: object): void {
  const target = queryable as PgInternals;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    // A multi-statement script (no parameters: simple protocol) gives one result per statement.
    for (const { fields } of Array.isArray(result) ? (result as pg.QueryResult[]) : [result]) {
      for (const field of fields ?? []) {
        if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
      }
    }
    return result;
  };
}

/**
 * Sends a transaction's queries one after another. A transaction is one pg connection, and Prisma's
 * query interpreter sends the child queries of a join (an `include` of several relations) together
 * (prisma/orm#29468): pg 8.19+ warns that a query sent while another runs is deprecated, and pg 9
 * refuses it.
 */
function serializeQueries(transaction: object): void {
  const target = transaction as PgInternals;
  const performIO = target.performIO.bind(target);
  let previous: Promise<unknown> = Promise.resolve();
  target.performIO = (query) => {
    const result = previous.then(() => performIO(query));
    previous = result.catch(() => {});
    return result;
  };
}

/**
 * Fixes, on one adapter instance, what adapter-pg 6.19.3 gets wrong:
 * - catalog queries returning `name`/`"char"` columns ("could not be deserialized"), on the
 *   adapter and on every transaction it starts;
 * - a transaction's queries sent together on its one connection (serializeQueries);
 * - `executeScript`, which splits the script on ";" (breaking `$$…;…$$` bodies): the whole script
 *   goes as one simple-protocol query instead, which PostgreSQL runs atomically.
 */
function patchAdapter(adapter: PgDriverAdapter): PgDriverAdapter {
  readCatalogTypesAsText(adapter);
  const target = adapter as unknown as PgInternals;
  const startTransaction = target.startTransaction.bind(target);
  target.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    readCatalogTypesAsText(transaction as object);
    serializeQueries(transaction as object);
    return transaction;
  };
  adapter.executeScript = async (script: string) => {
    try {
      await target.client.query(script);
    } catch (error) {
      target.onError(error);
    }
  };
  return adapter;
}

/** Replaces the database of a postgresql:// URL (node-postgres lets the URL win over `database`). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * @prisma/adapter-pg for the app and the CLI alike, with the fixes of patchAdapter and a shadow
 * database that is really separate and really dropped (adapter-pg's own kept the URL's database and
 * dropped it before closing its pool).
 */
export class CompatPrismaPg extends PrismaPg {
  readonly #poolConfig: pg.PoolConfig;

  constructor(poolConfig: pg.PoolConfig) {
    super(poolConfig);
    this.#poolConfig = poolConfig;
  }

  override async connect(): Promise<PgDriverAdapter> {
    return patchAdapter(await super.connect());
  }

  override async connectToShadowDb(): Promise<PgDriverAdapter> {
    const admin = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    try {
      await admin.executeScript(`CREATE DATABASE "${database}"`);
    } catch (error) {
      await admin.dispose();
      throw error;
    }
    const { connectionString, ...rest } = this.#poolConfig;
    const shadowConfig: pg.PoolConfig = connectionString
      ? { ...rest, connectionString: withDatabase(connectionString, database) }
      : { ...rest, database };
    const shadow = await new CompatPrismaPg(shadowConfig).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      try {
        await disposeShadow(); // close its pool first, or DROP DATABASE fails on its sessions
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  }
}
