import type { CompilerPass } from "../pass.js";
import { capabilityPass } from "./capability/index.js";
import { concurrencyPass } from "./concurrency/index.js";
import { envPass } from "./env/index.js";
import { pathsPass } from "./paths/index.js";
import { templatesPass } from "./templates/index.js";
import { BUILTIN_PASS_NAMES } from "./names.js";

/**
 * The built-in passes, in the order they run. This list is the single source of truth; users
 * add their own with `PassManager.register` or `skvm compile --pass ./my-pass.js`.
 */
export const builtinPasses: readonly CompilerPass[] = [capabilityPass, pathsPass, envPass, concurrencyPass, templatesPass];

if (builtinPasses.map((p) => p.name).join(",") !== BUILTIN_PASS_NAMES.join(",")) {
  throw new Error(`BUILTIN_PASS_NAMES (passes/names.ts) must list the built-in passes in order: ${builtinPasses.map((p) => p.name).join(", ")}`);
}
