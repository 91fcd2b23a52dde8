import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCode, runSucceeded, type CodeLang, type RunResult } from "../../exec/index.js";
import { clip } from "./answer.js";
import { fail, pass, type Verdict } from "../probe.js";

/** Generous for a probe program; a hung or looping answer fails by this bound, not by luck. */
export const PROGRAM_TIMEOUT_MS = 15_000;
const MAX_OUTPUT = 64 * 1024;

export interface ProgramCase {
  files: Record<string, string>;
  args?: string[];
  stdin?: string;
}

/** Writes `files` into a fresh folder, runs `fn` there, and removes the folder. */
export async function withFiles<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "skvm-probe-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs code through src/exec (argv only, own process group, timeout, capped output) in a folder holding `files`. */
export function runProgram(lang: CodeLang, code: string, run: ProgramCase, signal?: AbortSignal): Promise<RunResult> {
  return withFiles(run.files, (cwd) =>
    runCode({ lang, code, cwd, args: run.args ?? [], stdin: run.stdin, timeoutMs: PROGRAM_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT }, { signal }),
  );
}

export function describeFailure(r: RunResult): string {
  if (r.timedOut) return `timed out after ${PROGRAM_TIMEOUT_MS} ms`;
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  const err = r.stderr.trim().split("\n").at(-1) ?? "";
  return `exit ${r.exitCode ?? r.signal}${err ? `: ${clip(err, 120)}` : ""}`;
}

/**
 * Runs the answer's program on each hidden case and compares its stdout (trimmed) with the
 * expected text. Cases run one after another and stop at the first failure.
 */
export async function expectOutputs(lang: CodeLang, code: string, cases: readonly (ProgramCase & { expected: string })[], signal?: AbortSignal): Promise<Verdict> {
  for (const [i, c] of cases.entries()) {
    const r = await runProgram(lang, code, c, signal);
    if (!runSucceeded(r)) return fail(`hidden case ${i + 1}: ${describeFailure(r)}`);
    const got = r.stdout.trim();
    if (got !== c.expected) return fail(`hidden case ${i + 1}: expected ${clip(c.expected)}, got ${clip(got)}`);
  }
  return pass();
}

/** Runs one of our own checker programs with JSON on stdin and parses the JSON it prints. */
export async function runChecker<T>(code: string, input: unknown, signal?: AbortSignal, lang: CodeLang = "python"): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  const r = await runProgram(lang, code, { files: {}, stdin: JSON.stringify(input) }, signal);
  if (!runSucceeded(r)) return { ok: false, reason: describeFailure(r) };
  try {
    return { ok: true, value: JSON.parse(r.stdout) as T };
  } catch {
    return { ok: false, reason: `checker printed no JSON: ${clip(r.stdout)}` };
  }
}
