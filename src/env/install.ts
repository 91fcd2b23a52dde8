import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InstallReport } from "../compiler/passes/env/scripts/index.js";
import { runProcess } from "../exec/index.js";
import type { EnvSkill } from "./env-skill.js";
import { diagnoseInstall, InstallDiagnosis } from "./install-diagnosis.js";
import { tailLines } from "./progress-tail.js";
import { scriptEnv } from "./script-env.js";
import { parseScriptOutput } from "./script-output.js";
import { scriptPath } from "./script-path.js";
import { skillStateDir } from "./state-dir.js";

export const DEFAULT_INSTALL_TIMEOUT_MS = 10 * 60_000;

/** install.sh's report, or (with `error`) why there is none; `diagnosis` says why something failed. */
export const InstallResult = InstallReport.extend({ error: z.string().optional(), diagnosis: InstallDiagnosis.optional() });
export type InstallResult = z.infer<typeof InstallResult>;

export interface RunInstallOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called with each progress line install.sh writes, while it runs. */
  onProgress?: (line: string) => void;
  timeoutMs?: number;
  /** The environment to install for (PATH, proxies, declared variables); default process.env. */
  parent?: NodeJS.ProcessEnv;
}

const emptyReport = (dryRun: boolean, error?: string): InstallResult => ({
  installed: [],
  alreadyPresent: [],
  failed: [],
  skipped: [],
  planned: [],
  dryRun,
  rejected: [],
  ...(error ? { error } : {}),
});

/**
 * Runs the skill's env/install.sh (idempotent; `dryRun` only plans) and returns its report. Never
 * throws: a crash, timeout or cancellation is a report with `error`. Callers re-verify afterwards
 * (and invalidate cached verdicts): the report says what was attempted, verify says what works.
 */
export async function runInstall(skill: EnvSkill, opts: RunInstallOptions = {}): Promise<InstallResult> {
  const dryRun = opts.dryRun ?? false;
  if (!skill.manifest.env) return emptyReport(dryRun);
  let script: string;
  let state: string;
  try {
    script = scriptPath(skill, "install");
    state = skillStateDir(skill);
    await mkdir(state, { recursive: true });
  } catch (err) {
    return emptyReport(dryRun, (err as Error).message);
  }
  const progressFile = join(state, `install-progress.${process.pid}.${randomBytes(4).toString("hex")}.log`);
  const tail = tailLines(progressFile, (line) => opts.onProgress?.(line));
  try {
    const result = await runProcess(
      {
        command: "bash",
        args: [script, ...(dryRun ? ["--dry-run"] : [])],
        cwd: skill.dir,
        env: { ...scriptEnv(skill, opts.parent ?? process.env, true), SKVM_PROGRESS_FILE: progressFile },
        timeoutMs: opts.timeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS,
        maxOutputBytes: 4 * 1024 * 1024,
      },
      { signal: opts.signal },
    );
    const outcome = parseScriptOutput(InstallResult, result, "env/install.sh");
    const report = outcome.ok ? outcome.value : emptyReport(dryRun, outcome.error);
    return withDiagnosis(report, result.stderr);
  } catch (err) {
    return emptyReport(dryRun, (err as Error).message);
  } finally {
    await tail.stop();
    await rm(progressFile, { force: true });
  }
}

/** A failed install carries its cause, read from everything pip, npm and venv printed (stderr). */
function withDiagnosis(report: InstallResult, stderr: string): InstallResult {
  if (!report.error && report.failed.length === 0) return report;
  const diagnosis = diagnoseInstall([stderr, report.error ?? "", ...report.failed.map((f) => f.error)].join("\n"));
  return diagnosis ? { ...report, diagnosis } : report;
}
