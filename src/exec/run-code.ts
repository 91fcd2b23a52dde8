import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { trackRunDir } from './live-runs.js';
import { makeRunDir } from './run-dirs.js';
import { runProcess, type RunOptions } from './run-process.js';
import type { RunRequestInput } from './run-request.js';
import type { RunResult } from './run-result.js';

export type CodeLang = 'python' | 'bash' | 'javascript';

const INTERPRETERS: Readonly<Record<CodeLang, () => string>> = {
  python: () => 'python3',
  bash: () => 'bash',
  javascript: () => process.execPath,
};

const EXTENSIONS: Readonly<Record<CodeLang, string>> = { python: 'py', bash: 'sh', javascript: 'mjs' };

export interface CodeRun extends Omit<RunRequestInput, 'command' | 'args'> {
  lang: CodeLang;
  /** A program file to run, or `code` to write into the run's own folder first. */
  program?: string;
  code?: string;
  /** File name for `code` (the extension decides module kind for JavaScript). */
  fileName?: string;
  args?: string[];
}

/**
 * Runs code the way `run_script` runs a script: argv only, its own process group, capped output.
 * Every run gets a fresh folder (`SKVM_RUN_DIR`) for the code file and scratch files, removed
 * afterwards, so concurrent runs never share a file.
 */
export async function runCode(run: CodeRun, opts: RunOptions = {}): Promise<RunResult> {
  const { lang, code = '', fileName, program: given, args = [], ...request } = run;
  const runDir = await makeRunDir();
  const untrack = trackRunDir(runDir);
  try {
    let program = given;
    if (program === undefined) {
      program = join(runDir, fileName ?? `code.${EXTENSIONS[lang]}`);
      await writeFile(program, code);
    }
    const env = { ...request.env, SKVM_RUN_DIR: runDir };
    return await runProcess({ ...request, command: INTERPRETERS[lang](), args: [program, ...args], env }, opts);
  } finally {
    await rm(runDir, { recursive: true, force: true });
    untrack();
  }
}
