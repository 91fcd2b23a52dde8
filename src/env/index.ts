// The public face of src/env: running the generated env/verify.sh and env/install.sh of compiled
// skills, caching verdicts, and the environment a skill's scripts run in.
export type { EnvSkill } from "./env-skill.js";
export { skillStateDir } from "./state-dir.js";
export { EnvVerdict, READY } from "./verdict.js";
export { runVerify, DEFAULT_VERIFY_TIMEOUT_MS, type RunVerifyOptions } from "./verify.js";
export { EnvChecker, DEFAULT_VERDICT_TTL_MS, type EnvCheckerOptions } from "./checker.js";
export { runInstall, InstallResult, DEFAULT_INSTALL_TIMEOUT_MS, type RunInstallOptions } from "./install.js";
export { runtimeEnvFor, ALLOW_ENV_VARIABLE } from "./runtime-env.js";
