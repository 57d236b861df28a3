import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One PostgreSQL server for the run (embedded, or TEST_DATABASE_URL's) and a migrated template.
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: "forks",
    // The tests are CPU-bound (each file runs the app against its own database): one worker per core.
    maxWorkers: 2,
  },
});
