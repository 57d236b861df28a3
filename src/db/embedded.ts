import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type pg from "pg";
import { acquireDataDirLock } from "./lock.ts";

/** The `dataDir` value that selects an in-memory PGlite (tests, the CLI's shadow database). */
export const IN_MEMORY = "memory://";

/** A PGlite served over the PostgreSQL wire protocol on a private unix socket of this process. */
export interface EmbeddedServer {
  /** node-postgres settings reaching it (host = the socket's directory). */
  connection: pg.ClientConfig;
  /** Stops the server, closes PGlite (flushing it to disk), releases the directory's lock. */
  close(): Promise<void>;
}

export interface StartEmbeddedServerOptions {
  /**
   * false: the server and its sockets do not keep Node alive (the Prisma CLI, which ends when its
   * event loop is empty and never disposes what its config started).
   */
  keepProcessAlive?: boolean;
}

const PORT = 5432;

/** Socket directories of running servers, removed at exit if a server was never closed (the CLI). */
const socketDirs = new Set<string>();

function makeSocketDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pglite-")); // mkdtemp creates it 0700
  if (socketDirs.size === 0) process.once("exit", removeSocketDirs);
  socketDirs.add(dir);
  return dir;
}

function removeSocketDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  socketDirs.delete(dir);
  if (socketDirs.size === 0) process.removeListener("exit", removeSocketDirs);
}

function removeSocketDirs(): void {
  for (const dir of socketDirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Opens PGlite on `dataDir` (a directory, or "memory://") and serves it on a unix socket in a fresh
 * 0700 directory: the server has no authentication, so no other local user may reach it. The
 * directory is locked first (see lock.ts); PGlite's own files live in `<dataDir>/pgdata`.
 */
export async function startEmbeddedServer(
  dataDir: string,
  options: StartEmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  let releaseLock = () => {};
  let pgDataDir: string | undefined;
  if (dataDir !== IN_MEMORY) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    releaseLock = acquireDataDirLock(dataDir);
    pgDataDir = path.join(dataDir, "pgdata");
  }
  let db: PGlite | undefined;
  let socketDir: string | undefined;
  try {
    db = await PGlite.create(pgDataDir);
    socketDir = makeSocketDir();
    // Prisma's connection (the app's only one: see export-reader.ts), the migrator's or a bench's
    // node-postgres client, and one spare: with none, pg-pool's reconnect after a failed query is refused.
    const server = new PGLiteSocketServer({
      db,
      path: path.join(socketDir, `.s.PGSQL.${PORT}`),
      maxConnections: 3,
    });
    await server.start();
    if (options.keepProcessAlive === false) {
      const netServer = (server as unknown as { server: Server }).server;
      netServer.unref();
      netServer.on("connection", (socket) => socket.unref());
    }
    const pglite = db;
    const dir = socketDir;
    let closing: Promise<void> | undefined;
    return {
      connection: { host: dir, port: PORT, user: "postgres", database: "postgres" },
      close: () => {
        closing ??= (async () => {
          try {
            await server.stop();
            // stop() detaches the sockets without waiting for their ROLLBACK: let it run first.
            await new Promise((resolve) => setImmediate(resolve));
            await pglite.close();
          } finally {
            removeSocketDir(dir);
            releaseLock();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    if (socketDir) removeSocketDir(socketDir);
    await db?.close().catch(() => {});
    releaseLock();
    throw error;
  }
}
