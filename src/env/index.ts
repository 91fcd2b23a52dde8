// The public face of src/env: running the generated env/verify.sh and env/install.sh of compiled
// skills, caching verdicts, and the environment a skill's scripts run in.
export type { EnvSkill } from "./env-skill.js";
export { skillStateDir } from "./state-dir.js";
export { EnvVerdict, READY } from "./verdict.js";
export { runVerify, type RunVerifyOptions } from "./verify.js";
export { EnvChecker, requiresNothing, type EnvCheckerOptions } from "./checker.js";
export { runInstall, InstallResult, type RunInstallOptions } from "./install.js";
export { InstallProgress, type ProgressStep } from "./install-progress.js";
export { nextSteps } from "./install-advice.js";
export { runtimeEnvFor } from "./runtime-env.js";
