import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One migrated SQLite database per run, copied for each test that needs a fresh store.
    globalSetup: ["test/support/global-setup.ts"],
    // Store suites share one PostgreSQL database; files run one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
