import { ConfigError, loadConfig } from "./config.ts";
import { DatabaseLockedError, EmbeddedServerError } from "./db/database.ts";
import { startRuntime } from "./runtime.ts";

/** `npm start`: reads the environment, starts everything, stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const shutdown = (signal: string) => {
    runtime.ctx.logger.info({ signal }, "stopping");
    runtime.stop().then(
      () => process.exit(0),
      (error) => {
        runtime.ctx.logger.error({ err: error }, "unclean stop");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** The HTTP port could not be taken: what to do about it, in both languages (null for anything else). */
function listenProblem(error: unknown): string | null {
  const { code, syscall, port } = (error ?? {}) as NodeJS.ErrnoException & { port?: number };
  if (syscall !== "listen") return null;
  if (code === "EADDRINUSE")
    return (
      `Le port ${port} est déjà utilisé par un autre programme : arrêtez-le, ou choisissez un autre port avec PORT.\n` +
      `Port ${port} is already in use by another program: stop it, or choose another port with PORT.`
    );
  if (code === "EACCES")
    return (
      `Le port ${port} n'est pas permis à cet utilisateur (les ports sous 1024 sont réservés) : choisissez-en un autre avec PORT.\n` +
      `Port ${port} is not allowed for this user (ports under 1024 are reserved): choose another one with PORT.`
    );
  return null;
}

main().catch((error: unknown) => {
  // Expected start-up problems get a clear message for the operator, not a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseLockedError ||
    error instanceof EmbeddedServerError
  ) {
    console.error(error.message);
  } else {
    console.error(listenProblem(error) ?? error);
  }
  process.exit(1);
});
