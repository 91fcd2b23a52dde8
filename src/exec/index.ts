// The public face of src/exec: running processes safely. Everything else in the folder is private.
export { runProcess, DRAIN_MS, OUTPUT_FLOOD_FACTOR, type RunOptions } from './run-process.js';
export {
  RunRequest,
  parseRunRequest,
  DEFAULT_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  MAX_OUTPUT_BYTES_LIMIT,
  type RunRequestInput,
} from './run-request.js';
export { RunResult, runSucceeded } from './run-result.js';
export { ENV_ALLOWLIST, ENV_FIXED, childEnv } from './env-allowlist.js';
export { interpreterFor, interpreterForFile, type Interpreter } from './interpreter.js';
export { KILL_GRACE_MS } from './process-group.js';
export { endAllRuns, exitOnSignals } from './live-runs.js';
export { SandboxReport, SANDBOX_VARIABLE } from './sandbox.js';
export { ResourceLimits, MEMORY_LIMIT_VARIABLE, CPU_LIMIT_VARIABLE, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_CPU_LIMIT_SECONDS } from './resource-limits.js';
export { ExecError, type ExecErrorCode } from './exec-error.js';
export { runCode, type CodeRun, type CodeLang } from './run-code.js';
export { sweepOrphanRunDirs } from './run-dirs.js';
export { isRunning, selfIdentity, ProcessIdentity } from './process-identity.js';
export { ResultCache, type RunInputs } from './result-cache.js';
