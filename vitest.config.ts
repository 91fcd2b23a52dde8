import { defineConfig } from "vitest/config";
import { TEST_SKVM_HOME } from "./test/helpers/test-home.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn real servers and interpreters; two cores are all CI has.
    maxWorkers: 2,
    // Catalog snapshots and other state go to a throwaway folder, never ~/.cache; removed after the run.
    env: { SKVM_HOME: TEST_SKVM_HOME },
    globalSetup: ["test/global-setup.ts"],
  },
});
