import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * SKVM_HOME for a whole test run (catalog snapshots, venvs, verdicts), never ~/.cache. Computed in
 * vitest's main process, by the config and by the global teardown that removes it, so both agree.
 */
export const TEST_SKVM_HOME = join(tmpdir(), `skvm-test-home-${process.pid}`);
