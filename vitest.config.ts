import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: "forks",
    // The tests are CPU-bound (each file runs the app and an embedded database): one worker per core.
    maxWorkers: 2,
  },
});
