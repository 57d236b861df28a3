import { inject } from "vitest";

/** What the global setup gives every test file: the server its databases are created on. */
export interface TestServer {
  /** postgresql:// URL of the server's maintenance database (the embedded one's has `?host=<socket dir>`). */
  url: string;
  /** A migrated, empty database each test file's databases are copied from. */
  template: string;
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
