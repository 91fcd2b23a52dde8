import { rm } from "node:fs/promises";
import { TEST_SKVM_HOME } from "./helpers/test-home.js";

/** After the run: the tests' shared SKVM_HOME goes, so no run leaves /tmp/skvm-test-home-* behind. */
export async function teardown(): Promise<void> {
  await rm(TEST_SKVM_HOME, { recursive: true, force: true });
}
