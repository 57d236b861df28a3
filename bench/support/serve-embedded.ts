import { startEmbeddedServer } from "../../src/db/embedded.ts";

/**
 * An in-memory PGlite served on its unix socket, alone in this process, for `bench/export.ts` to
 * measure an exporting process without the database's memory. Prints the node-postgres settings as
 * one JSON line, then serves until its standard input closes (the parent ended or let it go).
 */
const server = await startEmbeddedServer("memory://");
process.stdout.write(`${JSON.stringify(server.connection)}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.close().then(() => process.exit(0));
});
