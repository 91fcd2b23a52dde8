import { runProcess } from "../exec/index.js";
import type { EnvSkill } from "./env-skill.js";
import { scriptEnv } from "./script-env.js";
import { parseScriptOutput } from "./script-output.js";
import { scriptPath } from "./script-path.js";
import { EnvVerdict, READY, unknownVerdict } from "./verdict.js";

export const DEFAULT_VERIFY_TIMEOUT_MS = 15_000;

export interface RunVerifyOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The environment the verdict is for (PATH, declared variables); default process.env. */
  parent?: NodeJS.ProcessEnv;
  /** Extra variables for the verify child only (e.g. PYTHONPATH). */
  env?: Record<string, string>;
}

/**
 * Runs the skill's env/verify.sh and returns its verdict. Never throws and never hangs past the
 * timeout: a crash, a timeout or garbage on stdout is a not-ready verdict carrying `error`.
 */
export async function runVerify(skill: EnvSkill, opts: RunVerifyOptions = {}): Promise<EnvVerdict> {
  if (!skill.manifest.env) return READY;
  try {
    const result = await runProcess(
      {
        command: "bash",
        args: [scriptPath(skill, "verify")],
        cwd: skill.dir,
        env: { ...scriptEnv(skill, opts.parent ?? process.env), ...opts.env },
        timeoutMs: opts.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
        maxOutputBytes: 256 * 1024,
      },
      { signal: opts.signal },
    );
    const outcome = parseScriptOutput(EnvVerdict, result, "env/verify.sh");
    return outcome.ok ? outcome.value : unknownVerdict(outcome.error);
  } catch (err) {
    // A bad manifest path or an invalid request (relative skill dir): no verdict, say why.
    return unknownVerdict((err as Error).message);
  }
}
