import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn real servers and interpreters; two cores are all CI has.
    maxWorkers: 2,
    // Catalog snapshots and other state go to a throwaway folder, never ~/.cache.
    env: { SKVM_HOME: join(tmpdir(), `skvm-test-home-${process.pid}`) },
  },
});
