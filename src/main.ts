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

main().catch((error: unknown) => {
  // Expected start-up problems get a clear message for the operator, not a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseLockedError ||
    error instanceof EmbeddedServerError
  ) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
