import { inject } from "vitest";

/** What the global setup gives every test file: the server its databases are created on. */
export interface TestServer {
  /** postgresql:// URL of the server's maintenance database (the embedded one's has `?host=<socket dir>`). */
  url: string;
  /** A migrated, empty database each test file's databases are copied from. */
  template: string;
  /**
   * On the embedded run only: a server directory initdb made, stopped cleanly, that tests copy as an
   * initialised DATA_DIR (see data-dir.ts). Removed with the run's server.
   */
  pristineServerDir?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testServer: TestServer;
  }
}

/** The run's test server (test/support/global-setup.ts). */
export function testServer(): TestServer {
  return inject("testServer");
}

/**
 * Whether this run's server is an external one (TEST_DATABASE_URL). The tests of the embedded server
 * itself (its data directories and their faults, the PGlite import) start servers of their own
 * whatever the run's server is: they run on the embedded run only, once.
 */
export const onExternalServer = Boolean(process.env.TEST_DATABASE_URL);
