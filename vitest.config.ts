import { defineConfig } from "vitest/config";
import { SlowFilesFirst } from "./test/support/slow-files-first.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One PostgreSQL server for the run (embedded, or TEST_DATABASE_URL's) and a migrated template.
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: "forks",
    // Each worker keeps the modules it loaded (the app, Prisma) from one test file to the next:
    // importing them again per file cost some 80 s of CPU per run. Every file opens its own
    // database and harness, so nothing else carries over.
    isolate: false,
    // Most tests wait (deliveries held back on purpose, Slack's pace, processes starting) more than they
    // compute, so more workers than cores overlap those waits; with four, 100 concurrent modal
    // submissions no longer got their acks within Slack's 3 s (concurrent-decisions.test.ts).
    maxWorkers: 3,
    sequence: { sequencer: SlowFilesFirst },
  },
});
